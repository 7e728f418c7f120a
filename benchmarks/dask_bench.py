"""Throughput of sharded classification on a local Dask cluster.

    python benchmarks/dask_bench.py [--articles 500] [--workers 1,2] [--shard-size 25] [--no-baseline]

Builds the corpus of benchmarks/run.py (the team's articles repeated under new names),
then times, each as a whole cold command in a fresh process (interpreter start, cluster
start, one model + spaCy load per worker, the run, shutdown):
- `stance classify CORPUS --format jsonl -o FILE` (one process, the reference output);
- `stance classify CORPUS --scheduler local:N --output-dir DIR --shard-size S` for each N;
- a rerun of the last one, where every shard is reused from the manifest;
and, from the manifests, the cluster's rate once its workers are loaded.
Checks that the parts, concatenated in shard order, are byte-identical to the reference,
and prints a Markdown table. Needs the extra: pip install 'stance[dask]'.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import STANCE, build_corpus, timed  # noqa: E402


def concat(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.glob("part-*.jsonl")))


def steady_rate(out: Path) -> float:
    """Sentences per second of the cluster once its workers have loaded spaCy and the model:
    for each worker, its sentences over its shards' time less its one load (from the
    manifest); the workers run side by side, so their rates add up."""
    by_worker: dict[str, list[float]] = {}
    for s in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["shards"]:
        w = by_worker.setdefault(s["worker"], [0.0, 0.0])
        w[0] += s["n_sentences"]
        w[1] += s["seconds"] - (s.get("load_seconds") or 0.0)
    return sum(n / secs for n, secs in by_worker.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker process counts (default 1,2)")
    ap.add_argument("--shard-size", type=int, default=25)
    ap.add_argument("--no-baseline", action="store_true", help="skip the single-process run")
    args = ap.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise SystemExit("this benchmark needs the extra: pip install 'stance[dask]'")
    counts = [int(n) for n in args.workers.split(",")]
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731

    tmp = Path(tempfile.mkdtemp(prefix="stance-dask-bench-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        words, sents = build_corpus(args.articles, corpus)
        log(f"corpus: {args.articles} articles, {words} words, {sents} sentences")
        rows = []
        reference = None
        if not args.no_baseline:
            t, mem = timed([STANCE, "classify", str(corpus), "--format", "jsonl", "-o", str(tmp / "one.jsonl")])
            reference = (tmp / "one.jsonl").read_bytes()
            log(f"one process: {t:.1f} s")
            rows.append(("`stance classify` (1 process, no Dask)", t, mem, None, "reference", True))
        base = None
        steadies: dict[int, float] = {}
        for n in counts:
            out = tmp / f"out-{n}"
            t, mem = timed([STANCE, "classify", str(corpus), "--scheduler", f"local:{n}", "--output-dir", str(out),
                            "--shard-size", str(args.shard_size)])
            base = base or t
            same = "—" if reference is None else ("yes" if concat(out) == reference else "NO")
            steady = steady_rate(out)
            steadies[n] = steady
            log(f"local:{n}: {t:.1f} s; {steady:,.0f} sentences/s once the workers are loaded")
            rows.append((f"`--scheduler local:{n}`", t, mem, base / t, same, True))
        last = tmp / f"out-{counts[-1]}"
        t, mem = timed([STANCE, "classify", str(corpus), "--scheduler", f"local:{counts[-1]}", "--output-dir",
                        str(last), "--shard-size", str(args.shard_size)])
        manifest = json.loads((last / "manifest.json").read_text(encoding="utf-8"))
        shards = len(manifest["shards"])
        rows.append((f"rerun of `local:{counts[-1]}`, all {shards} shards reused", t, mem, None,
                     "—" if reference is None else ("yes" if concat(last) == reference else "NO"), False))

        cores = os.cpu_count()
        print("# Sharded classification on a local Dask cluster\n")
        print(f"Machine: {cores} cores; measured {time.strftime('%Y-%m-%d')} with `python benchmarks/dask_bench.py "
              f"--articles {args.articles} --workers {args.workers} --shard-size {args.shard_size}`.")
        print(f"Corpus: {args.articles} articles, {words:,} words, {sents:,} sentences; shard size "
              f"{args.shard_size} ({shards} shards). Times are whole cold commands (cluster start and one "
              f"model + spaCy load per worker included).\n")
        print("| run | wall time | articles/s | words/s | sentences/s | speed-up vs local:1 | peak RSS (largest process) "
              "| output identical to 1 process |")
        print("|---|---|---|---|---|---|---|---|")
        for name, t, mem, speedup, same, work in rows:
            sp = f"{speedup:.2f}×" if speedup is not None else "—"
            rates = (f"{args.articles / t:,.1f} | {words / t:,.0f} | {sents / t:,.0f}" if work else "— | — | —")
            print(f"| {name} | {t:.1f} s | {rates} | {sp} | {mem} MB | {same} |")
        if len(steadies) > 1:
            one = steadies[counts[0]]
            print("\nOnce the workers are up (each worker's load of spaCy and the model and the cluster's start "
                  "left out; from the manifest's per-shard `seconds` and `load_seconds`):\n")
            print(f"| workers | sentences/s | speed-up vs local:{counts[0]} |")
            print("|---|---|---|")
            for n, rate in steadies.items():
                print(f"| {n} | {rate:,.0f} | {rate / one:.2f}× |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
