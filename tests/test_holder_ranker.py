"""The learned holder ranker: it learns where the holder stands, keeps the rules'
proposal on near ties, and the shipped model carries one that beats the rules alone."""
import json

import pytest

from conftest import DATA, ROOT, SEED
from stance.articles import read_article


def _cands(rule: str, subject: str, others=("EUROPE", "USA")):
    """A toy sentence: the subject candidate has in_subject=1, the rules propose ``rule``."""
    codes = list(dict.fromkeys([subject, rule, *others]))
    return [(c, {"in_subject": int(c == subject), "rule": int(c == rule), "type=state": 1}) for c in codes]


def test_ranker_learns_the_subject_and_reports_a_candidate():
    from stance._holder_rank import HolderRanker

    train = [_cands(rule="FRA" if i % 3 else "DEU", subject="DEU") for i in range(60)]
    train += [_cands(rule="ITA", subject="POL") for _ in range(60)]
    gold = ["DEU"] * 60 + ["POL"] * 60
    r = HolderRanker(n_estimators=50, seed=1).fit(train, gold)
    assert r.choose([_cands(rule="FRA", subject="DEU"), _cands(rule="ESP", subject="POL"), []]) == ["DEU", "POL", None]


def test_a_far_from_likely_candidate_scores_zero_without_a_warning():
    import warnings

    from stance._holder_rank import HolderRanker

    train = [_cands(rule="DEU", subject="DEU") for _ in range(40)] + [_cands(rule="POL", subject="POL") for _ in range(40)]
    # a step so large that the frozen ranker's log-odds overflow exp() for the losing candidates
    frozen = HolderRanker(n_estimators=30, learning_rate=1000.0, seed=1).fit(train, ["DEU"] * 40 + ["POL"] * 40).frozen()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scores = frozen.scores([f for _, f in _cands(rule="DEU", subject="DEU")])
        assert frozen.choose([_cands(rule="DEU", subject="DEU")]) == ["DEU"]
    assert max(scores) > 0.99 and min(scores) == 0.0


def test_near_tie_keeps_the_rules_proposal():
    from stance._holder_rank import HolderRanker

    # the data give no reason to prefer either candidate: the rules' proposal wins the tie,
    # and without the margin the first candidate would
    # (every split may use every feature, and a leaf may hold a single candidate)
    same = [("GBR", {"x": 1, "rule": 0}), ("CAN", {"x": 1, "rule": 1})]
    plain = dict(n_estimators=10, max_features=1.0, min_samples_leaf=1, seed=1)
    r = HolderRanker(**plain).fit([same, same], ["GBR", "CAN"])
    assert r.choose([same]) == ["CAN"]
    assert HolderRanker(**plain, rule_margin=-1).fit([same, same], ["GBR", "CAN"]).choose([same]) == ["GBR"]


def test_ranker_needs_positive_examples():
    from stance._holder_rank import HolderRanker

    with pytest.raises(ValueError):
        HolderRanker().fit([[("FRA", {"rule": 1})]], ["DEU"])


@pytest.fixture(scope="module")
def shipped():
    from stance.model import DEFAULT_MODEL, load_model

    return load_model(DEFAULT_MODEL)


def test_shipped_model_ranker_beats_the_rules_in_cross_validation(shipped):
    cv = shipped.meta["holder_cv"]
    assert cv["n"] > 1000
    assert cv["accuracy"] > cv["rules_accuracy"] + 0.03, cv


def _seed_holders(ranker):
    from stance.classify import _offsets
    from stance.holders import attribute
    from stance.nlp import load_pipeline, normalize_for_spacy

    nlp = load_pipeline()
    gold = [json.loads(line) for line in (DATA / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()]
    doc = nlp(normalize_for_spacy(read_article(SEED).body))
    spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in _offsets(doc)]
    got = attribute(spans, [g["label"] for g in gold], ranker)
    return [g["holder"] for g in got], [g["holder"] for g in gold]


def test_every_holder_of_the_seed_article_with_the_rules():
    got, gold = _seed_holders(None)
    assert got == gold


def test_seed_holders_with_the_ranker(shipped):
    """The shipped ranker is chosen by grouped cross-validation, not on the seed, and may
    overrule the rules on a close call. Three sentences swing between retrainings (see
    docs/evaluation.md, "The seed article"): 1 (EUROPE or USA), 2 (« ce que nous pouvons
    accomplir collectivement », NATO or the COALITION of sentence 1) and 9 (« Cette promesse
    de Donald Trump a … rallié plus facilement certains pays », EUROPE or USA). The models
    shipped found 12, 11, then 10 of 12 (eleventh session: sentences 1 and 9), and 11 until
    the rules and the ranker learnt who a US move acts on (guidelines §9; twenty-fourth
    session), since when sentence 9 is no longer close; sentence 1 changed sides with the data
    until the ranker saw that another actor's own engagement is tied to the awaited US part
    (`other_tied`, twenty-fifth session): the model shipped since finds all 12 (sentence 1
    `EUROPE` 0.54 against 0.06). Issue 5 asks for every holder, of the rules (above) and of the
    shipped model (here)."""
    got, gold = _seed_holders(shipped.holder_ranker_)
    assert got == gold


def test_ranker_matrix_equals_the_fitted_vectoriser():
    """The ranker builds its feature matrix itself; it must be DictVectorizer's, also for
    string values, unseen features and empty candidates."""
    import numpy as np

    from stance._holder_rank import HolderRanker

    train = [[("DEU", {"in_subject": 1, "dep": "nsubj", "w": 0.5}), ("USA", {"in_subject": 0, "dep": "obl"})]] * 10
    r = HolderRanker(n_estimators=5, seed=1).fit(train, ["DEU"] * 10)
    X = [{"in_subject": 1, "dep": "obl", "w": 2.5}, {"unseen": 1, "dep": "xcomp"}, {}]
    assert np.array_equal(r._matrix(X), r.vectorizer_.transform(X))
    assert r._matrix(X).dtype == r.vectorizer_.transform(X).dtype


def test_frozen_ranker_scores_and_choices_equal_the_fitted_ranker():
    """Labelling uses the ranker's trees as arrays (no scikit-learn): same scores, same
    choices, also after a round trip through its saved form."""
    import random

    import numpy as np

    from stance._holder_rank import FrozenRanker, HolderRanker

    rng = random.Random(7)
    codes = ["FRA", "DEU", "USA", "EUROPE", "POL", "ITA"]

    def sentence():
        return [(c, {"in_subject": rng.randint(0, 1), "rule": rng.randint(0, 1), "rank": rng.randint(1, 4),
                     "pos_rel": round(rng.random(), 2), "dep": rng.choice(["nsubj", "obl", "obj", "nmod"]),
                     "lab": rng.choice(["committed", "pending_us"]), "seen_before": rng.randint(0, 3)})
                for c in rng.sample(codes, rng.randint(1, 4))]

    train = [sentence() for _ in range(300)]
    gold = [rng.choice([c for c, _ in cands]) for cands in train]
    ranker = HolderRanker(n_estimators=40, seed=2).fit(train, gold)
    frozen = ranker.frozen()
    config, arrays = frozen.to_arrays()
    again = FrozenRanker.from_arrays(json.loads(json.dumps(config)), arrays)
    test = [sentence() for _ in range(200)] + [[]]
    X = [f for cands in test for _, f in cands] + [{"unseen": 1}]
    assert np.allclose(frozen.scores(X), ranker.scores(X), rtol=1e-12, atol=0)
    assert np.array_equal(again.scores(X), frozen.scores(X))
    assert np.array_equal(frozen.scores(X, chunk=7), frozen.scores(X))  # scored in pieces: the same
    assert frozen.scores([]).shape == (0,)
    assert frozen.choose(test) == ranker.choose(test) == again.choose(test)
    assert len(set(ranker.choose(test))) > 3


@pytest.mark.parametrize("text, expected", [
    ("Les Européens n'enverront personne sans les Américains.", {"us_prep=sans": 1, "neg_quant": 1}),
    ("Washington n'a pas encore précisé sa contribution.", {"us_dep=nsubj": 1, "us_in_subject": 1}),
    ("Berlin attend le soutien de Washington.", {"us_prep=de": 1, "us_under_wait": 1, "us_in_subject": 0}),
    ("Berlin enverra des troupes.", {"us_dep=absent": 1, "n_european": 1}),
    # asked of the United States, or an actor's own part tied to theirs (labels.md, the pending_us holder)
    ("Le gouvernement polonais a demandé aux Américains de renforcer leur présence.", {"us_under_ask": 1, "defer": 0}),
    ("Plusieurs capitales refusent de chiffrer leur participation tant que Washington n'a rien dit.",
     {"us_under_ask": 0, "defer": 1, "own_contrib": 1}),
    ("Berlin ne décidera rien avant de connaître le rôle de Washington.", {"defer": 1, "own_contrib": 0}),
    ("Londres n'enverra ses propres soldats qu'adossé à un filet américain.", {"defer": 1, "own_contrib": 1}),
    ("Faute de réponse de Washington, plusieurs capitales refusent de chiffrer leur participation.",
     {"defer": 1, "own_contrib": 1}),
])
def test_every_candidate_sees_where_the_united_states_stand(text, expected):
    _features_hold(text, expected)


@pytest.mark.parametrize("text, code, expected", [
    # the actor named as the owner of a contribution, or not
    ("Les Européens attendent la contribution américaine.", "USA", {"owns_contrib": 1}),
    ("Paris clarifiera l'engagement des Européens en attendant Washington.", "EUROPE", {"owns_contrib": 1}),
    ("Paris clarifiera l'engagement des Européens en attendant Washington.", "FRA", {"owns_contrib": 0}),
])
def test_a_candidate_sees_whether_it_owns_a_contribution(text, code, expected):
    _features_hold(text, expected, code)


@pytest.mark.parametrize("text, code, expected", [
    # what is waited on, against who waits (labels.md, the pending_us holder)
    ("Les Européens attendent la contribution américaine.", "USA", {"awaited": 1, "waiter": 0}),
    ("Les Européens attendent la contribution américaine.", "EUROPE", {"awaited": 0, "waiter": 1}),
    ("Berlin préfère attendre le feu vert de Washington.", "DEU", {"waiter": 1}),
    ("La participation belge dépendra de l'engagement des Etats-Unis.", "BEL", {"waiter": 1, "awaited": 0}),
    ("La participation belge dépendra de l'engagement des Etats-Unis.", "USA", {"waiter": 0, "awaited": 1}),
    ("Washington n'a pas encore précisé sa contribution.", "USA", {"awaited": 0, "waiter": 0}),
    # an engagement named as the European actor's own while the US part is awaited
    ("Paris clarifiera l'engagement des Européens en attendant la contribution américaine.", "EUROPE",
     {"owns_tied": 1, "awaited": 0}),
    ("Paris clarifiera l'engagement des Européens en attendant la contribution américaine.", "USA",
     {"owns_tied": 0, "awaited": 1, "other_tied": 1}),
    ("Le sommet de lundi doit préciser la contribution des Pays-Bas, dans l'attente du feu vert américain.", "USA",
     {"other_tied": 1}),
    ("Le sommet de lundi doit préciser la contribution des Pays-Bas, dans l'attente du feu vert américain.", "NLD",
     {"owns_tied": 1, "other_tied": 0}),
    ("Les Européens attendent la contribution américaine.", "USA", {"other_tied": 0}),
])
def test_a_candidate_sees_whether_it_waits_or_is_waited_on(text, code, expected):
    _features_hold(text, expected, code)


@pytest.mark.parametrize("text, label, code, expected", [
    # the clause a candidate belongs to states the label's stance, or another clause does
    ("La France a promis des chars, tandis que l'Italie refuse d'en envoyer.", "conditional", "ITA",
     {"clause_cue": 1, "n_cue_clauses": 1}),
    ("La France a promis des chars, tandis que l'Italie refuse d'en envoyer.", "conditional", "FRA",
     {"clause_cue": 0, "n_cue_clauses": 1}),
    ("La France a promis des chars, tandis que l'Italie refuse d'en envoyer.", "committed", "FRA", {"clause_cue": 1}),
    ("La France a promis des chars, tandis que l'Italie refuse d'en envoyer.", "committed", "ITA", {"clause_cue": 0}),
    # a relative clause on the candidate is its own clause
    ("Varsovie, qui exclut d'envoyer des troupes, accueillera la logistique.", "conditional", "POL", {"clause_cue": 1}),
])
def test_a_candidate_sees_whether_its_clause_states_the_label(text, label, code, expected):
    _features_hold(text, expected, code, label)


@pytest.mark.parametrize("text, label, code, expected", [
    # the rules' proposal carries the way they found it: a named subject …
    ("Berlin enverra des chars d'ici à l'été.", "committed", "DEU", {"rule×path=subject": 1}),
    # … a US contribution asked for by others …
    ("Les Européens ont exhorté Washington à apporter une garantie.", "pending_us", "USA", {"rule×path=asked": 1}),
    # … the actor a US move acts on (guidelines §9, the US part acting on the Europeans) …
    ("Cette promesse de Donald Trump a rallié certains pays européens.", "pending_us", "EUROPE",
     {"rule×path=swayed": 1}),
    # … the first European free of a preposition, the subject being no actor
    ("Plusieurs pays européens, comme l'Italie, attendent la garantie américaine.", "pending_us", "EUROPE",
     {"rule×path=subject": 1}),
    # a candidate the rules did not propose carries none of it
    ("Cette promesse de Donald Trump a rallié certains pays européens.", "pending_us", "USA",
     {"rule×path=swayed": 0, "rule": 0}),
])
def test_a_candidate_sees_how_the_rules_found_their_holder(text, label, code, expected):
    _features_hold(text, expected, code, label)


@pytest.mark.parametrize("text, code, expected", [
    # who a move acts on (guidelines §9): the object of a verb of persuading, reassuring,
    # holding back, whatever its subject, or the subject a participle of feeling qualifies
    ("Le feu vert de Washington a levé les dernières réticences de La Haye.", "NLD", {"swayed": 1, "sway": 1}),
    ("Le feu vert de Washington a levé les dernières réticences de La Haye.", "USA", {"swayed": 0}),
    ("Ce flou retient encore la Finlande.", "FIN", {"swayed": 1}),
    ("Rassurée par l'engagement américain, la Norvège a proposé de payer un système complet.", "NOR",
     {"swayed": 1, "swayed_subject": 1}),
    ("La Haye, que les assurances de Washington ont convaincue, a franchi le pas.", "NLD", {"swayed": 1}),
    ("Fort de la promesse obtenue à la Maison Blanche, le gouvernement polonais a confirmé sa hausse.", "POL",
     {"swayed": 1, "swayed_subject": 1}),
    # the United States themselves never are; nor is who a clause about the missing US part
    # worries (« ce qui inquiète »), nor who a move failed to move
    ("Rassurée par l'engagement américain, la Norvège a proposé de payer un système complet.", "USA",
     {"swayed": 0}),
    ("Washington n'a pas précisé sa contribution, ce qui inquiète les Européens.", "EUROPE", {"swayed": 0}),
    ("La promesse américaine n'a pas convaincu Rome.", "ITA", {"swayed": 0}),
    # a reflexive verb makes its subject the one who feels or acts, and what follows its cause
    ("Les Baltes se sont inquiétés du retrait américain, qui fragilise la Pologne.", "POL", {"swayed": 0}),
    ("Rome s'est ralliée à la position de la France.", "FRA", {"swayed": 0}),
    ("Berlin attend le soutien de Washington.", "DEU", {"swayed": 0, "sway": 0}),
])
def test_a_candidate_sees_whether_a_move_acts_on_it(text, code, expected):
    _features_hold(text, expected, code)


def _features_hold(text, expected, code=None, label="pending_us"):
    from stance.holders import holder_candidates
    from stance.nlp import load_pipeline, normalize_for_spacy

    doc = load_pipeline()(normalize_for_spacy(text))
    cands = holder_candidates([doc[:]], [label])[0]
    for c, feats in cands:
        if code is None or c == code:
            assert {k: feats.get(k, 0) for k in expected} == expected, (text, feats)
    assert code is None or code in [c for c, _ in cands]


def test_an_unnamed_european_source_is_told_apart():
    from stance._holder_rank import _source_type

    assert _source_type("UNNAMED", "a confié un diplomate européen") == "unnamed_european"
    assert _source_type("UNNAMED", "selon des sources diplomatiques") == "unnamed"
    assert _source_type("FRA", "a déclaré M. Macron") == "state"
    assert _source_type(None, None) == "none"


def test_candidates_carry_the_holder_type_probability_of_their_kind():
    import numpy as np

    from stance.holders import holder_candidates
    from stance.nlp import load_pipeline, normalize_for_spacy

    doc = load_pipeline()(normalize_for_spacy("Les Européens attendent toujours le soutien de Berlin et de Washington."))
    p = np.array([0.6, 0.3, 0.05, 0.04, 0.01])  # us, europe, group, state, ukr_rus
    by = dict(holder_candidates([doc[:]], ["pending_us"], [p])[0])
    # a state, an organisation, Ukraine or Russia by the words; the US and the Europeans
    # share one probability (the syntax tells them apart)
    assert (by["USA"]["p_type_c"], by["EUROPE"]["p_type_c"], by["DEU"]["p_type_c"]) == (0.9, 0.9, 0.04)
    assert not any("p_type_c" in f for _, f in holder_candidates([doc[:]], ["conditional"])[0])
