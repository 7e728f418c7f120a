"""Compare the candidate models on the frozen test split, and measure how the chosen
setting holds up on sub-topics it never saw (leave-one-topic-out).

    python benchmarks/model_comparison.py            # writes docs/model-comparison.md

Every model is trained on train + dev (as the shipped model is) and scored once on
test. spaCy's own textcat is read from benchmarks/out/textcat_reference.json (run
benchmarks/textcat_reference.py first). Leave-one-topic-out trains on every sub-topic
but one (train + dev) and scores the held-out sub-topic.
"""
from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance import LABELS  # noqa: E402
from stance.corpus import read_sentences  # noqa: E402
from stance.features import analyze_texts  # noqa: E402
from stance.model import StanceModel  # noqa: E402
from stance.train import CANDIDATES, NONE_WEIGHT, scores  # noqa: E402

ANN = ROOT / "data" / "annotations"


def fit_score(params, train_recs, train_y, test_recs, test_y):
    t = time.perf_counter()
    m = StanceModel(none_weight=NONE_WEIGHT, **params).fit(train_recs, train_y)
    secs = time.perf_counter() - t
    proba = m.predict_proba(test_recs)
    pred = [m.labels_[i] for i in m.decide(proba)]  # as the shipped model chooses (its none weight)
    proba = proba[:, [m.labels_.index(lab) for lab in LABELS]]
    return scores(test_y, pred, proba), secs


def main() -> None:
    train = read_sentences([ANN / "train.jsonl", ANN / "dev.jsonl"])
    test = read_sentences([ANN / "test.jsonl"])
    print(f"analysing {len(train)} + {len(test)} sentences …", file=sys.stderr)
    tr_recs = analyze_texts([r["text"] for r in train])
    te_recs = analyze_texts([r["text"] for r in test])
    tr_y = [r["label"] for r in train]
    te_y = [r["label"] for r in test]

    rows = []
    for name, params in CANDIDATES.items():
        s, secs = fit_score(params, tr_recs, tr_y, te_recs, te_y)
        rows.append((name, s, secs))
        print(f"{name}: macro-F1 {s['macro_f1']:.3f} ({secs:.1f} s)", file=sys.stderr)
    ref = ROOT / "benchmarks" / "out" / "textcat_reference.json"
    textcat = json.loads(ref.read_text()) if ref.exists() else None

    topics = sorted({r["topic"] for r in train})
    loto = []
    from stance.model import DEFAULT_MODEL, read_header

    chosen_name = read_header(DEFAULT_MODEL)["meta"]["classifier"]  # what stance train chose
    chosen = CANDIDATES[chosen_name]
    for topic in topics:
        idx_in = [i for i, r in enumerate(train) if r["topic"] != topic]
        idx_out = [i for i, r in enumerate(train) if r["topic"] == topic]
        s, _ = fit_score(chosen, [tr_recs[i] for i in idx_in], [tr_y[i] for i in idx_in],
                         [tr_recs[i] for i in idx_out], [tr_y[i] for i in idx_out])
        loto.append((topic, len(idx_out), s["macro_f1"]))
        print(f"LOTO {topic}: {s['macro_f1']:.3f}", file=sys.stderr)

    lines = ["# Model comparison", "",
             f"Measured by `python benchmarks/model_comparison.py` on {platform.machine()} "
             f"({platform.processor() or 'cpu'}), Python {platform.python_version()}. Training data: train + dev "
             f"({len(train)} sentences); scores on the frozen test split ({len(test)} sentences, 28 articles "
             "never used for any choice). `stance train --candidates logreg,svm` chooses between the linear "
             f"candidates by grouped cross-validation on train + dev, not by these test figures (by default it "
             f"fits only the SVM, which has won that choice for every shipped model since waves 1-24). The linear models choose their labels "
             f"with the shipped none weight ({NONE_WEIGHT}); spaCy's textcat takes its most probable label.", "",
             "| model | macro-F1 | committed F1 | conditional F1 | pending_us F1 | none F1 | ECE | training time |",
             "|---|---|---|---|---|---|---|---|"]
    for name, s, secs in rows:
        p = s["per_label"]
        lines.append(f"| {name} ({CANDIDATES[name]['classifier']}, C={CANDIDATES[name]['C']}) | {s['macro_f1']:.3f} | "
                     + " | ".join(f"{p[lab]['f1']:.3f}" for lab in LABELS) + f" | {s['ece']:.3f} | {secs:.0f} s |")
    if textcat:
        runs = [textcat] + list(textcat.get("other_runs", []))
        for run in runs:
            p = run["test"]["per_label"]
            size = (run.get("data") or textcat.get("data") or {}).get("sizes", {}).get("train")
            trained = f"train only, {size:,} sentences" if size else "train only"
            lines.append(f"| spaCy textcat ({run['architecture']}, {trained}, epoch by dev) | {run['test_macro_f1']:.3f} | "
                         + " | ".join(f"{p[lab]['f1']:.3f}" for lab in LABELS)
                         + f" | {run['ece']:.3f} | {run['training_seconds']:.0f} s |")
    lines += ["", "Linear models train in seconds once spaCy has analysed the sentences (about a minute for "
              "all of them, shared by every candidate); the textcat times are its own update steps.", "",
              "## Leave one sub-topic out", "",
              f"The shipped model's setting ({chosen_name}) trained on every sub-topic but one (train + dev) and "
              "scored on the held-out sub-topic's sentences. A model that learned stories rather than stance would fall apart "
              "here.", "", "| held-out sub-topic | sentences | macro-F1 |", "|---|---|---|"]
    for topic, n, f1 in loto:
        lines.append(f"| {topic} | {n} | {f1:.3f} |")
    mean = sum(f for _, _, f in loto) / len(loto)
    weighted = sum(f * n for _, n, f in loto) / sum(n for _, n, _ in loto)
    lines += [f"| **mean (weighted by sentences)** | {sum(n for _, n, _ in loto)} | **{mean:.3f} ({weighted:.3f})** |", ""]
    out = ROOT / "docs" / "model-comparison.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
