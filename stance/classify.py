"""Labelling articles: every sentence gets a label, calibrated probabilities, the cues
that pushed the decision, its holder and its source."""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from . import LABELS
from .articles import Article

__all__ = ["classify_articles", "label_sentences", "UNCERTAIN", "COMPONENTS"]

UNCERTAIN = "uncertain"
# the spaCy components the classifier and the holder finder need (all of them here:
# morphology and lemmas for features, the parser and NER for holders and sources)
COMPONENTS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")


def label_sentences(spans: Sequence, model, min_confidence: float | None = None) -> list[dict]:
    """Label the spaCy sentences of one article, in order (context flows forward for
    holders and sources). Returns one dict per sentence (label, confidence, …)."""
    from .features import analyze_span
    from .holders import attribute

    if not spans:
        return []
    records = [analyze_span(sp) for sp in spans]
    proba = model.predict_proba(records)
    best = proba.argmax(axis=1)
    labels = [model.labels_[i] for i in best]
    cues = model.cues(records, labels)
    who = attribute(spans, labels)
    out = []
    for k, sp in enumerate(spans):
        conf = float(proba[k, best[k]])
        label = labels[k]
        row = {
            "label": UNCERTAIN if min_confidence is not None and conf < min_confidence else label,
            "best_guess": label,
            "confidence": round(conf, 4),
            "probabilities": {lab: round(float(proba[k, model.labels_.index(lab)]), 4) if lab in model.labels_ else 0.0
                              for lab in LABELS},
            "cues": cues[k],
            **who[k],
        }
        out.append(row)
    return out


def _article_docs(articles: Iterable[Article], nlp, batch_size: int = 8):
    from .nlp import normalize_for_spacy

    stream = ((normalize_for_spacy(a.body), a) for a in articles)
    yield from nlp.pipe(stream, as_tuples=True, batch_size=batch_size)


def _offsets(doc) -> list[tuple[int, int]]:
    """The segmenter's sentence offsets in a processed text (kept by the component)."""
    from .segment import segment_spans

    offsets = doc.user_data.get("stance_spans")
    return offsets if offsets is not None else segment_spans(doc.text)


def classify_articles(articles: Iterable[Article], model, min_confidence: float | None = None,
                      batch_size: int = 8, jobs: int = 1) -> Iterator[dict]:
    """Yield one row per sentence of each article, as articles stream through spaCy.

    With ``jobs`` > 1, articles are labelled by that many worker processes, each loading
    spaCy and the model once; rows come out in the same order as with one process."""
    if jobs > 1:
        yield from _parallel(articles, model, min_confidence, batch_size, jobs)
        return
    from .nlp import load_pipeline

    nlp = load_pipeline(model.spacy_model, COMPONENTS)
    for doc, article in _article_docs(articles, nlp, batch_size):
        offsets = _offsets(doc)
        spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in offsets]
        results = label_sentences(spans, model, min_confidence)
        off = article.body_start
        for i, ((s, e), res) in enumerate(zip(offsets, results)):
            start, end = s + off, e + off
            yield {"doc_id": article.doc_id, "date": article.date, "index": i, "start": start, "end": end,
                   "text": article.text[start:end], **res}


# ------------------------------------------------------------------ parallel
_WORKER: dict = {}


def _init_worker(model, min_confidence, batch_size) -> None:
    import os

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from .nlp import load_pipeline

    _WORKER.update(model=model, min_confidence=min_confidence, batch_size=batch_size)
    load_pipeline(model.spacy_model, COMPONENTS)  # once per process


def _work(chunk: list[Article]) -> list[dict]:
    return list(classify_articles(chunk, _WORKER["model"], _WORKER["min_confidence"], _WORKER["batch_size"]))


def _chunks(articles: Iterable[Article], size: int):
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(articles, model, min_confidence, batch_size, jobs) -> Iterator[dict]:
    import multiprocessing as mp

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(model, min_confidence, batch_size)) as pool:
        # a few chunks in flight per worker keeps memory flat and order intact
        for rows in pool.imap(_work, _chunks(articles, 4), chunksize=1):
            yield from rows
