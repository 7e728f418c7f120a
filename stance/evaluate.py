"""Evaluation of a model on annotated sentences: label scores, holder and source
accuracy, calibration, and the rows behind them for reports."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .corpus import read_sentences

__all__ = ["evaluate", "predict_rows"]


def _groups(rows: list[dict]) -> list[list[dict]]:
    """Rows of one article (``doc_id`` and ``index``) in index order, as one group;
    rows without them stand alone. Groups keep the order of first appearance."""
    groups: dict[object, list[dict]] = {}
    for i, r in enumerate(rows):
        key = r["doc_id"] if "doc_id" in r and isinstance(r.get("index"), int) else ("__row__", i)
        groups.setdefault(key, []).append(r)
    out = []
    for key, g in groups.items():
        if not (isinstance(key, tuple) and key[0] == "__row__"):
            g.sort(key=lambda r: r["index"])
        out.append(g)
    return out


def predict_rows(model, rows: list[dict], batch_size: int = 64, jobs: int = 1) -> list[dict]:
    """Label annotated rows; the sentences of an article are labelled together, in
    order, so that holders and sources see the preceding sentences."""
    from .classify import COMPONENTS, label_articles
    from .nlp import load_pipeline, normalize_for_spacy

    nlp = load_pipeline(model.spacy_model, COMPONENTS)
    groups = _groups(rows)
    flat = [r for g in groups for r in g]
    docs = list(nlp.pipe((normalize_for_spacy(r["text"]) for r in flat), batch_size=batch_size, n_process=jobs))
    spans_by_group = []
    k = 0
    for g in groups:
        spans_by_group.append([d[:] for d in docs[k:k + len(g)]])
        k += len(g)
    results: list[dict] = []
    for g, labelled in zip(groups, label_articles(spans_by_group, model)):
        for r, res in zip(g, labelled):
            results.append({**res, "gold": r["label"], "pred": res["label"], "text": r["text"],
                            "gold_holder": r.get("holder"), "gold_source": _source_code(r.get("source")),
                            "where": r.get("_where")})
    return results


def _source_code(src) -> str | None:
    if isinstance(src, dict):
        return src.get("code")
    return src


def evaluate(data: Sequence[str | Path], model, jobs: int = 1) -> tuple[dict, list[dict]]:
    """Score ``model`` on sentence JSONL files; returns (metrics, per-row results)."""
    import numpy as np

    from . import LABELS
    from .train import scores

    rows = read_sentences(data)
    results = predict_rows(model, rows, jobs=jobs)
    proba = np.array([[r["probabilities"][lab] for lab in LABELS] for r in results])
    m = scores([r["gold"] for r in results], [r["pred"] for r in results], proba)
    with_holder = [r for r in results if r["gold_holder"]]
    m["holder_accuracy"] = (sum(r["holder"] == r["gold_holder"] for r in with_holder) / len(with_holder)
                            if with_holder else None)
    m["holder_n"] = len(with_holder)
    with_source = [r for r in results if r["gold_source"]]
    m["source_accuracy"] = (sum(r["source"] == r["gold_source"] for r in with_source) / len(with_source)
                            if with_source else None)
    m["source_n"] = len(with_source)
    return m, results
