"""stance: label the sentences of news articles by the stance an actor takes on
providing security commitments (committed, conditional, pending_us, none).

The public API is imported lazily so that ``import stance`` stays cheap::

    from stance import read_article, segment_text
    article = read_article("seeds/000_832e27856e8c07f2.txt")
    for sentence in article.sentences():
        print(sentence.text)
"""
from __future__ import annotations

__version__ = "0.1.0"

LABELS = ("committed", "conditional", "pending_us", "none")

_LAZY = {
    "StanceError": ".errors",
    "Article": ".articles",
    "Sentence": ".articles",
    "read_article": ".articles",
    "parse_article": ".articles",
    "iter_articles": ".articles",
    "segment_spans": ".segment",
    "segment_text": ".segment",
}

__all__ = ["__version__", "LABELS", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name], __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'stance' has no attribute {name!r}")
