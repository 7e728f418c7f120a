"""Import spaCy's French language data without its slowest step.

``spacy.lang.fr.tokenizer_exceptions`` compiles, at import time, one regular expression
that joins 266 alternatives, most of them carrying the whole Unicode letter class; with
the ignore-case flag, Python's compiler spends several seconds on it (about 5 s of the
6 s that a cold ``stance classify`` used to take before any text is read). The same
alternatives, grouped by their common tail (``^(?:a|b)T`` matches exactly when ``^aT`` or
``^bT`` does), compile in a fraction of a second. This module swaps that one pattern
for the grouped equivalent while spaCy's French module is imported; everything else,
and every other pattern, is spaCy's own. ``tests/test_nlp.py`` checks that the grouped
matcher agrees with spaCy's pattern and that tokenisation is unchanged.
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

    def match(self, text: str):
        for rx in self._regexes:
            m = rx.match(text)
            if m:
                return m
        return None


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
