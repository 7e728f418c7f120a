"""The shipped model on the seed article and the frozen test split; classify's output;
evaluate's report; summarize's aggregation."""
import csv
import io
import json

import pytest

from conftest import DATA, ROOT, SEED
from stance import LABELS
from stance.articles import parse_article, read_article
from stance.classify import classify_articles
from stance.model import DEFAULT_MODEL, load_model

SEED_GOLD = [json.loads(line) for line in (DATA / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def model():
    return load_model(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def seed_rows(model):
    return list(classify_articles([read_article(SEED)], model))


def test_seed_article_labels(seed_rows):
    # The project's bar: at least 11 of the 12 sentences of the scheme's reference table
    # (measured with the shipped model: 11; sentence 8 mixes an undefined US contribution
    # with a US limit and is read as pending_us, the table says conditional).
    right = sum(r["label"] == g["label"] for r, g in zip(seed_rows, SEED_GOLD))
    assert len(seed_rows) == 12 and right >= 11, [(r["label"], g["label"]) for r, g in zip(seed_rows, SEED_GOLD)]
    # background sentences are never read as a stance
    assert [r["label"] for r in seed_rows[9:]] == ["none"] * 3


def test_rows_carry_every_field_and_exact_offsets(seed_rows):
    raw = read_article(SEED).text
    for r in seed_rows:
        assert raw[r["start"]:r["end"]] == r["text"]
        assert r["label"] in LABELS and 0 < r["confidence"] <= 1
        assert set(r["probabilities"]) == set(LABELS)
        assert abs(sum(r["probabilities"].values()) - 1) < 1e-3
        assert r["confidence"] == max(r["probabilities"].values())
        assert isinstance(r["cues"], list) and len(r["cues"]) <= 4
        assert (r["holder"] is None) == (r["label"] == "none")
        assert r["date"] == "2025-09-03" and r["doc_id"] == SEED.stem


def test_min_confidence_reports_uncertain_and_keeps_the_best_guess(model):
    rows = list(classify_articles([read_article(SEED)], model, min_confidence=0.999))
    unsure = [r for r in rows if r["label"] == "uncertain"]
    assert unsure and all(r["best_guess"] in LABELS for r in unsure)
    assert all(r["confidence"] < 0.999 for r in unsure)


def test_a_firm_pledge_and_a_refusal_and_a_wait(model):
    art = parse_article(
        "date 2025-03-04\n\nLe gouvernement néerlandais a débloqué mardi 500 millions d'euros pour livrer des "
        "drones et des munitions à l'Ukraine, a annoncé le ministre de la Défense.\n\n"
        "Varsovie a de nouveau exclu tout déploiement de soldats polonais en Ukraine.\n\n"
        "Les Européens attendent toujours de savoir ce que Washington est prêt à apporter avant de s'engager.",
        "probe")
    labels = [r["label"] for r in classify_articles([art], model)]
    assert labels == ["committed", "conditional", "pending_us"]


def test_evaluate_on_the_frozen_test_split(model):
    from stance.evaluate import evaluate

    metrics, rows = evaluate([ROOT / "data" / "annotations" / "test.jsonl"], model)
    assert metrics["n"] == 421 == len(rows)
    # regression guard at the level measured when the model was shipped (see models/stance-fr.md)
    assert metrics["macro_f1"] >= 0.82, metrics["macro_f1"]
    assert metrics["holder_accuracy"] is not None and metrics["holder_accuracy"] >= 0.70
    assert sum(map(sum, metrics["confusion"]["matrix"])) == 421
    assert 0 <= metrics["ece"] < 0.15


def test_summarize_counts_actor_by_label(seed_rows):
    from stance.summarize import summarize_rows

    by_actor = summarize_rows(seed_rows, by=("actor",))
    total = sum(r["total"] for r in by_actor)
    assert total == sum(1 for r in seed_rows if r["holder"])
    for r in by_actor:
        assert r["committed"] + r["conditional"] + r["pending_us"] == r["total"]
        assert abs(sum(r[f"share_{k}"] for k in ("committed", "conditional", "pending_us")) - 1) < 0.01
    by_date = summarize_rows(seed_rows, by=("date",))
    assert by_date == [dict(by_date[0], date="2025-09-03")] and by_date[0]["total"] == 12


def test_summarize_shows_a_change_between_dates():
    from stance.summarize import summarize_rows

    rows = [{"doc_id": "a", "date": "2025-01-10", "label": "pending_us", "holder": "DEU"},
            {"doc_id": "a", "date": "2025-01-10", "label": "pending_us", "holder": "DEU"},
            {"doc_id": "b", "date": "2025-06-01", "label": "committed", "holder": "DEU"},
            {"doc_id": "b", "date": "2025-06-01", "label": "none", "holder": None}]
    out = summarize_rows(rows, by=("actor", "date"))
    assert [(r["actor"], r["date"], r["pending_us"], r["committed"]) for r in out] == [
        ("DEU", "2025-01-10", 2, 0), ("DEU", "2025-06-01", 0, 1)]


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300) | st.text(
    alphabet=st.sampled_from(list("Le Canada enverra des troupes. « Nous irons », a-t-il dit ! M. J. 3,5 %\n\n\u00a0")),
    min_size=1, max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TEXT)
def test_any_text_reads_and_classifies_with_exact_ordered_offsets(model, text):
    from stance.errors import StanceError

    try:
        article = parse_article(text, "prop")
    except StanceError:
        return  # empty, white space only or a malformed date line: refused with a message
    rows = list(classify_articles([article], model))
    last = 0
    for r in rows:
        assert article.text[r["start"]:r["end"]] == r["text"] and r["text"].strip() == r["text"]
        assert last <= r["start"] < r["end"]
        last = r["end"]
        assert r["label"] in LABELS


# the conditional of a future in the past (after a past verb of saying) is not a hedge
MOODS = [
    ("Donald Trump a promis que les Etats-Unis seraient aux côtés des Européens.", "mood=cnd_reported"),
    ("Londres a annoncé que ses soldats seraient déployés dès la trêve.", "mood=cnd_reported"),
    ("Washington pourrait fournir du renseignement.", "mood=cnd"),
    ("Il a dit que les Etats-Unis pourraient fournir du renseignement.", "mood=cnd"),
    ("Les Européens seraient prêts à envoyer des troupes.", "mood=cnd"),
]


@pytest.mark.parametrize("text,tag", MOODS)
def test_reported_future_is_told_apart_from_a_hedge(text, tag):
    from stance.features import analyze_texts

    tags = analyze_texts([text])[0]["tags"]
    assert tag in tags and {"mood=cnd", "mood=cnd_reported"} - {tag} & set(tags) == set()


# what the predicate of an actor's clause does, tagged with the actor's kind: a US refusal
# (conditional) is told from a wait on the US (pending_us) by more than the words around it
SUBJECT_KINDS = [
    ("Les Etats-Unis refusent d'envoyer des soldats en Ukraine.", "subj:us>refuse"),
    ("Berlin attend la décision américaine.", "subj:eur>wait"),
    ("La Maison Blanche n'a pas précisé sa contribution.", "subj:us>say-neg"),
    ("Londres enverra des avions.", "subj:eur>commit"),
    ("Le sommet aura lieu jeudi à Paris.", None),
]


@pytest.mark.parametrize("text,tag", SUBJECT_KINDS)
def test_an_actors_predicate_is_tagged_with_its_kind(text, tag):
    from stance.features import analyze_texts

    tags = [t for t in analyze_texts([text])[0]["tags"] if t.startswith("subj:")]
    assert tags == ([tag] if tag else [])


@pytest.mark.parametrize("text, tag", [
    # « mais » limiting a pledge, and « mais » limiting something else
    ("La France enverra des avions, mais pas de troupes au sol.", "but+contribution"),
    ("Le ministre y assistera, mais à distance.", "but-alone"),
    ("Le sommet aura lieu jeudi à Paris.", None),
])
def test_a_contrast_is_read_with_what_it_limits(text, tag):
    from stance.features import analyze_texts, compile_lexicon, cue_tags, load_lexicon

    tags = cue_tags(analyze_texts([text])[0], compile_lexicon(load_lexicon()))
    assert [t for t in tags if t.startswith("but")] == ([tag] if tag else [])


@pytest.mark.parametrize("text, expected", [
    # the lexicon's English forms: the same categories as the French ones
    ("Italy has ruled out sending troops unless parliament approves the mission.", {"refusal", "condition"}),
    ("Berlin says its part hinges on what Washington provides.", {"waiting", "us"}),
    ("The Netherlands is considering sending two frigates.", {"hedge"}),
    ("Leaders will meet at the summit on Thursday.", {"schedule"}),
])
def test_english_cues_fall_in_the_french_categories(text, expected):
    from stance.features import analyze_texts, compile_lexicon, cue_tags, load_lexicon

    tags = {t[4:] for t in cue_tags(analyze_texts([text])[0], compile_lexicon(load_lexicon())) if t.startswith("cue:")}
    assert expected <= tags
    assert not {"commit", "refusal", "hedge", "waiting"} - expected & tags  # no stance category it does not state


def test_parsing_in_two_processes_gives_the_same_docs_in_order():
    from stance.features import analyze_span, parse_texts

    texts = [f"Le pays {i} enverrait {i} soldats si Washington apportait son soutien." for i in range(9)] + [
        "« Nous sommes prêts », a déclaré mardi le ministre.", "Berlin refuse.", "Rome hésite encore."] * 3
    one = parse_texts(texts, batch_size=4)
    two = parse_texts(texts, batch_size=4, jobs=2)
    assert [d.text for d in two] == texts
    assert [analyze_span(d[:]) for d in two] == [analyze_span(d[:]) for d in one]
    assert [[(t.dep_, t.head.i, t.lemma_) for t in d] for d in two] == [[(t.dep_, t.head.i, t.lemma_) for t in d] for d in one]
    # the records made where the docs are parsed (in the workers) are those of the docs; with
    # three jobs, this process parses shares too and keeps its docs as they are
    def tokens(docs):
        return [[(t.text_with_ws, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start)
                 for t in d] for d in docs]

    for jobs in (1, 2, 3):
        docs, records = parse_texts(texts, batch_size=4, jobs=jobs, records=True)
        assert [d.text for d in docs] == texts and records == [analyze_span(d) for d in one]
        assert tokens(docs) == tokens(one)
