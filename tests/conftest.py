import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_832e27856e8c07f2.txt"
DATA = Path(__file__).resolve().parent / "data"

sys.path.insert(0, str(Path(__file__).resolve().parent))
