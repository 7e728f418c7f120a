"""Holder and source attribution measured on their own: the gold label of each sentence
is given, so the figures isolate the holder/source finder from the classifier. Holders
are given twice: with the rules alone, and with the shipped model's ranker.

    python benchmarks/holder_eval.py data/annotations/test.jsonl [--model FILE]
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.corpus import read_sentences  # noqa: E402
from stance.errors import StanceError  # noqa: E402
from stance.evaluate import _groups  # noqa: E402
from stance.holders import attribute  # noqa: E402
from stance.model import DEFAULT_MODEL, load_model  # noqa: E402
from stance.nlp import load_pipeline, normalize_for_spacy  # noqa: E402


def main(paths: list[str], model_path: str | None = None) -> None:
    rows = read_sentences(paths)
    nlp = load_pipeline()
    model = load_model(model_path or DEFAULT_MODEL)
    ranker = model.holder_ranker_
    h_ok = h_n = s_ok = s_n = rules_ok = 0
    by_label: Counter = Counter()
    by_label_ok: Counter = Counter()
    for group in _groups(rows):
        spans = [d[:] for d in nlp.pipe(normalize_for_spacy(r["text"]) for r in group)]
        labels = [r["label"] for r in group]
        types = model.predict_types(model.records([spans]))
        for r, got, rule in zip(group, attribute(spans, labels, ranker, types), attribute(spans, labels)):
            if r.get("holder"):
                h_n += 1
                rules_ok += rule["holder"] == r["holder"]
                h_ok += got["holder"] == r["holder"]
                by_label[r["label"]] += 1
                by_label_ok[r["label"]] += got["holder"] == r["holder"]
            src = r.get("source")
            if isinstance(src, dict) and src.get("code"):
                s_n += 1
                s_ok += got["source"] == src["code"]
    print(f"holder accuracy (gold labels given): {h_ok / h_n:.3f} with the ranker, {rules_ok / h_n:.3f} with the rules"
          f" alone (n {h_n})")
    for label in sorted(by_label):
        print(f"  {label:<12} {by_label_ok[label] / by_label[label]:.3f} (n {by_label[label]})")
    print(f"source accuracy: {s_ok / s_n:.3f} (n {s_n})")


if __name__ == "__main__":
    args = sys.argv[1:]
    if {"-h", "--help"} & set(args):
        sys.exit(print(__doc__.strip()))
    model_path = None
    if "--model" in args:
        k = args.index("--model")
        model_path = args[k + 1]
        del args[k:k + 2]
    try:
        main(args or [str(ROOT / "data" / "annotations" / "test.jsonl")], model_path)
    except StanceError as err:
        sys.exit(f"error: {err}")
