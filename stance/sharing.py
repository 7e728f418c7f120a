"""Sharing models between people in skops' format, which loads without running code
from the file: only an explicit allow-list of the project's own types is accepted on top
of what skops trusts by default (scikit-learn, NumPy, SciPy). Never ``trusted=True``."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .errors import StanceError

__all__ = ["export_skops", "load_skops", "ALLOWED_TYPES"]

# the project's own classes that a stance model holds; nothing else is allowed
ALLOWED_TYPES = (
    "stance.model.StanceModel",
    "stance.estimators.CueTagger",
    "stance.estimators._Field",
    "stance.estimators._LeanCount",
    "stance.estimators._LeanTfidf",
    "stance._holder_rank.HolderRanker",
    # scikit-learn's private pieces of a calibrated linear SVM, which skops does not
    # trust by default
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    # the holder ranker's trees: histogram gradient boosting's predictors, plain arrays of
    # nodes (feature, threshold, children, value)
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
)


def export_skops(model, out: str | Path) -> None:
    """Write ``model`` (with its metadata) as a compressed skops file, atomically."""
    import skops.io as sio

    from .io import atomic_write

    meta = getattr(model, "meta", {})
    payload = sio.dumps(model, compression=zipfile.ZIP_DEFLATED)
    with atomic_write(out, "wb") as fh:
        fh.write(payload)
    side = Path(out).with_suffix(".meta.json")
    with atomic_write(side) as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1)


def load_skops(path: str | Path):
    """Load a skops model file, refusing any type outside the allow-list."""
    import skops.io as sio

    from .model import StanceModel

    where = str(path)
    try:
        data = Path(path).read_bytes()
        untrusted = sio.get_untrusted_types(data=data)
    except FileNotFoundError:
        raise StanceError("model file not found", where) from None
    except Exception as exc:  # noqa: BLE001 - not a skops archive
        raise StanceError(f"not a readable skops model file ({type(exc).__name__})", where) from None
    refused = sorted(set(untrusted) - set(ALLOWED_TYPES))
    if refused:
        raise StanceError("refusing to load: the file holds types outside stance's allow-list: " + ", ".join(refused), where)
    try:
        model = sio.loads(data, trusted=list(untrusted))
    except Exception as exc:  # noqa: BLE001
        raise StanceError(f"cannot load the skops model ({type(exc).__name__}: {exc})", where) from None
    if not isinstance(model, StanceModel):
        raise StanceError("the file does not hold a stance model", where)
    side = Path(path).with_suffix(".meta.json")
    try:
        model.meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        model.meta = {}
    return model
