"""Labelling articles: every sentence gets a label, calibrated probabilities, the cues
that pushed the decision, its holder and its source."""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from . import LABELS
from .articles import Article
from .nlp import ALL_COMPONENTS

__all__ = ["classify_articles", "label_articles", "UNCERTAIN", "COMPONENTS"]

UNCERTAIN = "uncertain"
# the spaCy components the classifier and the holder finder need (see nlp.ALL_COMPONENTS)
COMPONENTS = ALL_COMPONENTS


def label_articles(articles: Sequence[Sequence], model, min_confidence: float | None = None) -> list[list[dict]]:
    """Label the sentences of several articles at once (one pass of feature extraction
    and prediction for all of them); holders and sources are read article by article, and
    the holder ranker scores the candidates of all of them in one call."""
    from .holders import attribute_articles

    flat = [sp for spans in articles for sp in spans]
    if not flat:
        return [[] for _ in articles]
    records = model.records(articles)
    proba, cues, types = model.predict_all(records)
    best = model.decide(proba)
    labels = [model.labels_[i] for i in best]
    cols = {lab: model.labels_.index(lab) for lab in LABELS if lab in model.labels_}
    out: list[list[dict]] = []
    per_article, per_types, k = [], [], 0
    for spans in articles:
        per_article.append(labels[k:k + len(spans)])
        per_types.append(None if types is None else types[k:k + len(spans)])
        k += len(spans)
    who_all = attribute_articles(articles, per_article, getattr(model, "holder_ranker_", None),
                                 None if types is None else per_types)
    k = 0
    for spans, who in zip(articles, who_all):
        rows = []
        for j in range(len(spans)):
            conf = float(proba[k, best[k]])
            rows.append({
                "label": UNCERTAIN if min_confidence is not None and conf < min_confidence else labels[k],
                "best_guess": labels[k],
                "confidence": round(conf, 4),
                "probabilities": {lab: round(float(proba[k, cols[lab]]), 4) if lab in cols else 0.0 for lab in LABELS},
                "cues": cues[k],
                **who[j],
            })
            k += 1
        out.append(rows)
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
    pending: list[tuple] = []
    for doc, article in _article_docs(articles, nlp, batch_size):
        offsets = _offsets(doc)
        pending.append((article, offsets, [doc.char_span(s, e, alignment_mode="expand") for s, e in offsets]))
        if len(pending) >= batch_size:
            yield from _emit(pending, model, min_confidence)
            pending = []
    yield from _emit(pending, model, min_confidence)


def _emit(pending: list[tuple], model, min_confidence) -> Iterator[dict]:
    results = label_articles([spans for _, _, spans in pending], model, min_confidence)
    for (article, offsets, _), rows in zip(pending, results):
        off = article.body_start
        for i, ((s, e), res) in enumerate(zip(offsets, rows)):
            start, end = s + off, e + off
            yield {"doc_id": article.doc_id, "date": article.date, "index": i, "start": start, "end": end,
                   "text": article.text[start:end], **res}


# ------------------------------------------------------------------ parallel
_WORKER: dict = {}


def _init_worker(model, min_confidence, batch_size) -> None:
    import os

    # for libraries a worker loads itself; the BLAS pools a forked worker inherits keep their
    # threads: limiting them to one per worker made `--jobs 2` about 10 % slower here
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

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    if method == "fork":
        # Load spaCy and warm every lazy part (actor matcher, cue lexicons) before forking:
        # the workers inherit them instead of each loading them again.
        from .articles import parse_article

        list(classify_articles([parse_article("Paris enverra des troupes.", "warm-up")], model, min_confidence))
    ctx = mp.get_context(method)
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(model, min_confidence, batch_size)) as pool:
        # a few chunks in flight per worker keeps memory flat and order intact
        for rows in pool.imap(_work, _chunks(articles, 4), chunksize=1):
            yield from rows
