"""Model files: integrity and version checks before unpickling, trust, skops sharing,
atomic training output, deterministic training."""
import json
import shutil

import numpy as np
import pytest

from conftest import ROOT
from stance.errors import StanceError
from stance.model import DEFAULT_MODEL, FORMAT_VERSION, MAGIC, load_model, read_header


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_HOME", str(tmp_path / "home"))
    return tmp_path


def test_header_describes_the_shipped_model_without_loading_it():
    h = read_header(DEFAULT_MODEL)
    meta = h["meta"]
    assert h["format_version"] == FORMAT_VERSION and len(h["payload_sha256"]) == 64
    assert 0 < h["predictor_bytes"] < h["payload_bytes"]
    assert set(meta["labels"]) == {"committed", "conditional", "pending_us", "none"}
    assert len(meta["data"]["sha256"]) == 64 and meta["test"]["n"] == 421
    assert meta["versions"]["scikit-learn"] and meta["seed"] == 13


def test_shipped_model_data_hash_matches_data():
    from stance.corpus import data_sha256

    meta = read_header(DEFAULT_MODEL)["meta"]
    files = [ROOT / f for f in meta["data"]["files"]]
    assert data_sha256(files) == meta["data"]["sha256"], "data/ changed: retrain the shipped model"


def test_truncated_file_is_refused(home):
    bad = home / "cut.joblib"
    bad.write_bytes(DEFAULT_MODEL.read_bytes()[:-1000])
    with pytest.raises(StanceError, match="corrupt or truncated"):
        load_model(bad, trust=True)


def test_other_format_version_is_refused(home):
    data = DEFAULT_MODEL.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC):end])
    header["format_version"] = 99
    bad = home / "future.joblib"
    bad.write_bytes(MAGIC + json.dumps(header).encode() + data[end:])
    with pytest.raises(StanceError, match="format version 99"):
        load_model(bad, trust=True)


@pytest.mark.parametrize("content", [b"", b"not a model at all", b"\x80\x04\x95random pickle bytes"])
def test_not_a_model_is_refused(home, content):
    bad = home / "x.joblib"
    bad.write_bytes(content)
    with pytest.raises(StanceError, match="not a stance model file"):
        load_model(bad)


def test_missing_model_file(home):
    with pytest.raises(StanceError, match="not found"):
        load_model(home / "nope.joblib")


def test_foreign_joblib_needs_trust_once_then_is_remembered(home):
    copy = home / "someone-elses.joblib"
    shutil.copy(DEFAULT_MODEL, copy)
    with pytest.raises(StanceError, match="--trust"):
        load_model(copy)
    assert load_model(copy, trust=True).labels_
    assert load_model(copy).labels_  # remembered


def test_skops_export_loads_with_allow_list_and_refuses_foreign_types(home):
    import skops.io as sio

    from stance.sharing import export_skops

    from stance.features import analyze_texts

    model = load_model(DEFAULT_MODEL, estimator=True)
    out = home / "m.skops"
    export_skops(model, out)
    again = load_model(out)
    assert again.labels_ == model.labels_ and again.meta["data"]["sha256"] == model.meta["data"]["sha256"]
    recs = analyze_texts(["Berlin enverra des chars.", "Rome hésite encore.", "Tout dépendra de Washington."])
    assert (again.predict_proba(recs) == load_model(DEFAULT_MODEL).predict_proba(recs)).all()
    evil = home / "evil.skops"
    sio.dump({"model": model, "extra": _Foreign()}, evil)
    with pytest.raises(StanceError, match="allow-list"):
        load_model(evil)


class _Foreign:
    pass


def _tiny(path, n_docs=12):
    rows = [json.loads(line) for line in (ROOT / "data" / "annotations" / "train.jsonl").read_text().splitlines()]
    docs = sorted({r["doc_id"] for r in rows})[:n_docs]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows if r["doc_id"] in docs))
    return path


@pytest.mark.slow
def test_training_is_deterministic_and_writes_model_and_card(home):
    from stance.features import analyze_texts
    from stance.train import train

    data = _tiny(home / "tiny.jsonl")
    a = train([data], home / "a.joblib", seed=3, candidates=["logreg"], folds=2, holder_prior=True)
    b = train([data], home / "b.joblib", seed=3, candidates=["logreg"], folds=2, jobs=2,  # folds in 2 processes
              holder_prior=True)
    assert (home / "a.md").read_text().startswith("# Model card")
    assert a["data"]["sha256"] == b["data"]["sha256"] and a["cv"]["logreg"] == b["cv"]["logreg"] | {
        "seconds": a["cv"]["logreg"]["seconds"]}
    assert a["holder_cv"] == b["holder_cv"]
    assert 0 < a["holder_cv"]["end_to_end"] <= 1  # holders read with the out-of-fold labels
    ma, mb = load_model(home / "a.joblib"), load_model(home / "b.joblib")  # trusted: trained here
    recs = analyze_texts(["Berlin enverra des chars.", "Rome hésite encore."])
    assert (ma.predict_proba(recs) == mb.predict_proba(recs)).all()
    assert a["holder_prior"] and ma.predict_types(recs).shape == (2, 5)  # the holder-type head, saved with it
    assert (ma.predict_types(recs) == mb.predict_types(recs)).all()
    assert read_header(home / "a.joblib")["payload_sha256"] == read_header(home / "b.joblib")["payload_sha256"]
    # without the holder prior the final label fit runs beside the folds: the same bytes again
    c = train([data], home / "c.joblib", seed=3, candidates=["logreg"], folds=2)
    d = train([data], home / "d.joblib", seed=3, candidates=["logreg"], folds=2, jobs=2)
    assert c["holder_cv"] == d["holder_cv"] and not c["holder_prior"]
    assert read_header(home / "c.joblib")["payload_sha256"] == read_header(home / "d.joblib")["payload_sha256"]


def test_a_fitted_vectoriser_pickles_no_memory_address():
    import pickle

    from stance.estimators import build_features
    from stance.features import analyze_texts

    texts = ["Berlin enverra des chars.", "Rome hésite encore à envoyer des chars."]  # 4-grams in both
    union = build_features({"min_df": 1}).fit(analyze_texts(texts))
    vectorisers = [part.steps[-1][1] for _, part in union.transformer_list]
    assert any(hasattr(vec, "_stop_words_id") for vec in vectorisers)  # scikit-learn's id(stop_words) …
    for vec in vectorisers:
        assert "_stop_words_id" not in vec.__getstate__()  # … is not written: same data, same bytes
        assert pickle.loads(pickle.dumps(vec)).vocabulary_ == vec.vocabulary_


@pytest.mark.parametrize("vocab, implicit", [
    ({"chars": 1, "berlin": 0, "rome": 2}, True),   # a fitted vectoriser's ids: 0 … n-1 in any order
    ({"a": 0}, True),
    ({}, False),
    ({"": 0}, False),                                # the empty term alone keeps its id
    ({"x": 3, "y": 1}, False),                       # ids with gaps keep them
])
def test_a_packed_vocabulary_reads_back_the_same(vocab, implicit):
    from stance.features import pack_vocabulary, unpack_vocabulary

    terms, ids = pack_vocabulary(vocab)
    assert (len(ids) == 0 and bool(vocab)) == implicit
    if implicit:  # the terms in id order: sorted for scikit-learn's vocabularies
        assert terms.split("\x00") == sorted(vocab, key=vocab.get)
    assert unpack_vocabulary(terms, ids) == vocab


def test_failed_training_leaves_the_previous_model_intact(home):
    from stance.train import train

    out = home / "model.joblib"
    out.write_bytes(b"previous")
    one_label = home / "one.jsonl"
    one_label.write_text('{"text": "Un.", "label": "none", "doc_id": "a"}\n{"text": "Deux.", "label": "none", "doc_id": "b"}\n')
    with pytest.raises(StanceError, match="only one label"):
        train([one_label], out)
    assert out.read_bytes() == b"previous"
    assert not list(home.glob(".model.joblib.*"))


def test_training_data_problems_are_named(home):
    from stance.corpus import check_training_set, read_sentences

    bad = home / "bad.jsonl"
    bad.write_text('{"text": "Un.", "label": "committed"}\n{"text": "Deux.", "label": "maybe"}\n')
    with pytest.raises(StanceError, match=r"bad.jsonl:2: unknown label 'maybe'"):
        read_sentences([bad])
    bad.write_text('{"text": "Un.", "label": "committed", "holder": "ATLANTIS"}\n')
    with pytest.raises(StanceError, match=r"bad.jsonl:1: unknown holder code"):
        read_sentences([bad])
    bad.write_text('{"text": "Un.", "label": "committed"}\n{not json\n')
    with pytest.raises(StanceError, match=r"bad.jsonl:2: malformed JSON"):
        read_sentences([bad])
    rows = [{"label": "committed"}] * 10 + [{"label": "none"}] * 2
    with pytest.raises(StanceError, match=r"none \(2\)"):
        check_training_set(rows)


def test_missing_default_model_says_where_it_lives(home, monkeypatch):
    import stance.model as m

    monkeypatch.setattr(m, "DEFAULT_MODEL", home / "models" / "stance-fr.joblib")
    with pytest.raises(StanceError, match="pip install -e .*--model PATH"):
        m.load_model()


def test_check_model_runs_every_check_without_unpickling(home):
    """The Dask client checks a model this way: nothing is unpickled, scikit-learn is not
    imported, and a corrupt file still fails."""
    import subprocess
    import sys

    code = ("import sys; from stance.model import check_model; h = check_model(); "
            "assert h['meta']['labels'] and 'sklearn' not in sys.modules and 'joblib' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
    from stance.model import check_model

    bad = home / "bad.joblib"
    data = DEFAULT_MODEL.read_bytes()
    bad.write_bytes(data[:-10] + b"0123456789")
    with pytest.raises(StanceError, match="checksum"):
        check_model(bad, trust=True)


def test_labelling_loads_arrays_only_without_scikit_learn():
    """A cold labelling process reads the frozen predictor (arrays, allow_pickle=False):
    neither scikit-learn nor joblib is imported, and it labels like the pickled estimator."""
    import subprocess
    import sys

    code = ("import sys, json; from stance.model import load_model; from stance.features import analyze_texts; "
            "m = load_model(); r = analyze_texts(['Paris enverra des troupes.', 'Tout dépend de Washington.']); "
            "p = m.predict_proba(r); c = m.holder_ranker_.choose([[('FRA', {'rule': 1})]]); "
            "print(json.dumps([p.tolist(), [k for k in ('sklearn', 'joblib', 'scipy') if k in sys.modules]]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    proba, imported = json.loads(out)
    assert imported == []
    from stance.features import analyze_texts

    full = load_model(DEFAULT_MODEL, estimator=True)
    recs = analyze_texts(["Paris enverra des troupes.", "Tout dépend de Washington."])
    expected = full.pipeline_.predict_proba(recs)
    assert abs(expected - proba).max() < 1e-5 and (expected.argmax(1) == [max(range(4), key=p.__getitem__) for p in proba]).all()


@pytest.mark.parametrize("classifier", ["logreg", "svm"])
def test_frozen_classifier_equals_the_fitted_pipeline(classifier, home):
    """What labelling computes without scikit-learn — the feature rows, bit for bit, and
    the probabilities (to float32 rounding: scikit-learn's logistic regression computes in
    float32, the frozen form in float64) — is what the fitted pipeline computes. A model
    file keeps the linear weights once, in the predictor; the estimator read back for
    export gets them again, bit for bit."""
    import numpy as np

    from stance.features import analyze_texts
    from stance.model import FrozenClassifier, StanceModel

    rows = [json.loads(line) for line in (ROOT / "data" / "annotations" / "train.jsonl").read_text().splitlines()]
    train, held = rows[:700:2], rows[1:1400:4]
    model = StanceModel(classifier=classifier).fit(analyze_texts([r["text"] for r in train]), [r["label"] for r in train])
    recs = analyze_texts([r["text"] for r in held] + ["", "?", "Washington Washington Washington."])
    X = model.pipeline_.named_steps["features"].transform(recs).tocsr()
    X.sort_indices()
    indptr, cols, vals = model.frozen().space.transform(recs)
    assert np.array_equal(indptr, X.indptr) and np.array_equal(cols, X.indices) and np.array_equal(vals, X.data)
    expected, got = model.pipeline_.predict_proba(recs), model.predict_proba(recs)
    assert np.abs(expected - got).max() < 1e-5
    close = np.sort(expected, axis=1)[:, -1] - np.sort(expected, axis=1)[:, -2] < 1e-5
    assert (expected.argmax(1) == got.argmax(1))[~close].all()
    config, arrays = model.frozen().to_arrays()
    again = FrozenClassifier.from_arrays(json.loads(json.dumps(config)), arrays)
    assert np.array_equal(again.predict_proba(recs), got)
    assert again.cues(recs, model.predict(recs)) == model.cues(recs, model.predict(recs))

    import io

    import joblib

    from stance.model import _weight_holders, save_model

    weights = [h.coef_.copy() for h in _weight_holders(model)]
    save_model(model, home / "m.joblib", {})
    assert all(np.array_equal(w, h.coef_) for w, h in zip(weights, _weight_holders(model)))  # left as it was
    header, payload = read_header(home / "m.joblib"), (home / "m.joblib").read_bytes()
    pickled = joblib.load(io.BytesIO(payload[-(header["payload_bytes"] - header["predictor_bytes"]):]))
    assert [h.coef_ for h in _weight_holders(pickled)] == [None] * len(weights)
    read = load_model(home / "m.joblib", estimator=True)
    assert all(np.array_equal(w, h.coef_) and w.dtype == h.coef_.dtype for w, h in zip(weights, _weight_holders(read)))
    assert np.array_equal(read.pipeline_.predict_proba(recs), expected)

    # a format 2 file pickled the weights with the estimator: it still loads, with them
    import stance.model as stance_model

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stance_model, "_weight_holders", lambda m: [])
        save_model(model, home / "v2.joblib", {})
    data = (home / "v2.joblib").read_bytes()
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC):end]) | {"format_version": 2}
    (home / "v2.joblib").write_bytes(MAGIC + json.dumps(header).encode() + data[end:])
    old = load_model(home / "v2.joblib", estimator=True)
    assert np.array_equal(old.pipeline_.predict_proba(recs), expected)


@pytest.mark.parametrize("kinds", [None, {"us", "europe"}])
def test_holder_type_head_frozen_equals_the_logistic_regression(kinds):
    """The holder-type head computed without scikit-learn gives the logistic regression's
    probabilities, in the columns of TYPES (a kind unseen in training gets none), also for
    a head that saw two kinds only (scikit-learn keeps one weight row for two classes)."""
    from stance._holder_rank import TYPES, holder_type
    from stance.features import analyze_texts
    from stance.model import FrozenClassifier, StanceModel

    rows = [json.loads(line) for line in (ROOT / "data" / "annotations" / "train.jsonl").read_text().splitlines()]
    rows = rows[:900:2]
    types = [holder_type(r["holder"]) if r.get("holder") else None for r in rows]
    if kinds:
        types = [t if t in kinds else None for t in types]
    recs = analyze_texts([r["text"] for r in rows])
    model = StanceModel().fit(recs, [r["label"] for r in rows], types)
    held = analyze_texts(["Les Européens attendent toujours le texte américain.", "Berlin enverra des chars.", ""])
    got = model.predict_types(held)
    X = model.pipeline_.named_steps["features"].transform(held)
    expected = np.zeros_like(got)
    for k, c in enumerate(model.type_head_.classes_):
        expected[:, TYPES.index(c)] = model.type_head_.predict_proba(X)[:, k]
    assert np.abs(expected - got).max() < 1e-5 and np.allclose(got.sum(axis=1), 1)
    assert set(np.flatnonzero(got.max(axis=0) > 1e-9)) == {TYPES.index(t) for t in set(types) - {None}}
    config, arrays = model.frozen().to_arrays()
    again = FrozenClassifier.from_arrays(json.loads(json.dumps(config)), arrays)
    assert np.abs(again.predict_types(held) - got).max() < 1e-6


@pytest.mark.parametrize("lo,hi", [(1, 1), (1, 3), (2, 2), (3, 4), (4, 4), (2, 5)])
def test_ngram_analyzers_equal_scikit_learns(lo, hi):
    import re

    from sklearn.feature_extraction.text import CountVectorizer

    from stance.features import char_wb_ngrams, word_ngrams

    texts = [json.loads(line)["text"] for line in
             (ROOT / "data" / "annotations" / "dev.jsonl").read_text().splitlines()[:200]]
    texts += ["", " ", "a", "ab", "  double  espace ", "l'Otan—et « eux »", "x\ty\nz", "É À œ"]
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(lo, hi)).build_analyzer()
    words = CountVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(lo, hi)).build_analyzer()
    for t in texts:
        assert char_wb_ngrams(t.lower(), lo, hi) == chars(t), t
        assert word_ngrams(re.findall(r"\S+", t), lo, hi) == words(t), t


def test_holder_folds_follow_the_label_folds():
    import numpy as np

    from stance.train import _holder_splits

    splits = [(np.array([0, 1, 2]), np.array([3, 4, 5])), (np.array([3, 4, 5]), np.array([0, 1, 2]))]
    got = _holder_splits(splits, where=[1, 4, 5])  # holder examples from rows 1, 4 and 5
    assert [(tr.tolist(), te.tolist()) for tr, te in got] == [([0], [1, 2]), ([1, 2], [0])]


def test_cross_validation_shares_one_feature_space_per_fold_without_changing_the_candidates(home):
    from stance.features import analyze_texts
    from stance.model import StanceModel
    from stance.estimators import FoldSpaces
    from stance.train import CANDIDATES, _fold_candidates

    rows = [json.loads(line) for line in _tiny(home / "tiny.jsonl", n_docs=8).read_text().splitlines()]
    records, y = analyze_texts([r["text"] for r in rows]), [r["label"] for r in rows]
    tr, te = list(range(0, len(rows), 2)), list(range(1, len(rows), 2))
    spaces = FoldSpaces().fit(records)
    got, types = _fold_candidates(spaces, y, (tr, te), ["logreg", "svm"], 5, None)
    assert types is None  # no holder kinds given, no holder-type head
    for name in ("logreg", "svm"):
        own = StanceModel(seed=5, **CANDIDATES[name]).fit([records[i] for i in tr], [y[i] for i in tr])
        labels, proba, _ = got[name]
        assert labels == own.labels_
        assert np.allclose(proba, own.predict_proba([records[i] for i in te]), atol=1e-9)


def test_fold_spaces_give_each_fold_the_matrices_of_its_own_feature_fit(home):
    from stance.estimators import FoldSpaces, build_features
    from stance.features import analyze_texts

    rows = [json.loads(line) for line in _tiny(home / "tiny.jsonl", n_docs=10).read_text().splitlines()]
    records = analyze_texts([r["text"] for r in rows])
    spaces = FoldSpaces({"min_df": 2}).fit(records)
    for tr, te in [(range(0, len(rows), 2), range(1, len(rows), 2)), (range(40, len(rows)), range(40))]:
        tr, te = list(tr), list(te)
        own = build_features({"min_df": 2})
        X_tr = own.fit_transform([records[i] for i in tr])
        X_te = own.transform([records[i] for i in te])
        A_tr, A_te = spaces.split(tr, te)
        for X, A in ((X_tr, A_tr), (X_te, A_te)):
            X.sort_indices()
            assert X.shape == A.shape and X.dtype == A.dtype
            assert (X.indptr == A.indptr).all() and (X.indices == A.indices).all() and (X.data == A.data).all()


# (min_df, max_df, max_features): the terms a vectoriser fitted on the rows keeps, ties in
# frequency included
COLUMN_RULES = [(1, 1.0, None), (2, 1.0, None), (0.1, 1.0, None), (1, 0.5, None), (1, 1.0, 5), (2, 1.0, 3)]


@pytest.mark.parametrize("min_df,max_df,max_features", COLUMN_RULES)
def test_fold_columns_are_the_terms_a_fitted_vectoriser_keeps(min_df, max_df, max_features):
    from sklearn.feature_extraction.text import CountVectorizer

    from stance.estimators import FoldSpaces

    docs = ["a b c", "a b", "a d e", "b c c", "e f g", "a c", "h i", "a b c d"]
    counts = CountVectorizer(token_pattern=r"\S+").fit(docs)
    terms = sorted(counts.vocabulary_)
    C = counts.transform(docs).tocsr()
    rows = [0, 1, 2, 3, 5, 7]  # "f g h i" only in the other rows
    vec = CountVectorizer(token_pattern=r"\S+", min_df=min_df, max_df=max_df, max_features=max_features)
    vec.fit([docs[i] for i in rows])
    assert [terms[j] for j in FoldSpaces._columns(C[rows], vec)] == sorted(vec.vocabulary_)


# (probabilities in LABELS order, none_weight, chosen label): the weight scales only none's
# probability, and only the choice (never the probabilities a row reports)
DECISIONS = [
    ([0.40, 0.00, 0.00, 0.60], 1.0, "none"),
    ([0.40, 0.00, 0.00, 0.60], 0.7, "none"),          # 0.42 still beats 0.40
    ([0.40, 0.00, 0.00, 0.60], 0.6, "committed"),     # 0.36 does not
    ([0.20, 0.35, 0.00, 0.45], 0.7, "conditional"),   # the best stance label, not the first
    ([0.00, 0.00, 0.10, 0.90], 0.1, "pending_us"),
    ([0.50, 0.30, 0.20, 0.00], 0.5, "committed"),     # no none: argmax as ever
]


@pytest.mark.parametrize("proba,weight,label", DECISIONS)
def test_none_weight_decides_between_none_and_the_best_stance(proba, weight, label):
    import numpy as np

    from stance import LABELS
    from stance.model import decide

    assert LABELS[int(decide(np.array([proba]), LABELS, weight)[0])] == label


def test_none_weight_is_saved_with_the_model_and_drives_labels_and_cues(home):
    """A model's none_weight survives saving (in its params and the arrays-only predictor)
    and the labels and cues of classify follow the weighted choice."""
    import numpy as np

    from stance.features import analyze_texts
    from stance.model import StanceModel, save_model

    rows = [json.loads(line) for line in (ROOT / "data" / "annotations" / "train.jsonl").read_text().splitlines()][:800]
    recs = analyze_texts([r["text"] for r in rows[::2]])
    model = StanceModel(none_weight=0.3).fit(recs, [r["label"] for r in rows[::2]])
    held = analyze_texts([r["text"] for r in rows[1:400:2]])
    proba, cues, _ = model.predict_all(held)
    plain = [model.labels_[i] for i in proba.argmax(axis=1)]
    chosen = model.predict(held)
    assert chosen.count("none") < plain.count("none")  # some none read as stances at 0.3
    changed = [i for i, (a, b) in enumerate(zip(plain, chosen)) if a != b]
    assert cues == model.cues(held, chosen) and all(chosen[i] != "none" for i in changed)
    save_model(model, home / "w.joblib", {"labels": model.labels_})
    again = load_model(home / "w.joblib")
    assert again.none_weight == 0.3 and again.predict(held) == chosen
    assert np.array_equal(again.predict_proba(held), model.predict_proba(held))  # probabilities untouched


def test_calibration_error_reads_the_probability_of_the_chosen_label():
    """ECE compares how often a label is right with the probability given to *that* label
    (not to the most probable one, which a none_weight below 1 need not choose)."""
    import numpy as np

    from stance.train import expected_calibration_error

    proba = np.array([[0.9, 0.1, 0.0, 0.0], [0.2, 0.6, 0.0, 0.2]])  # LABELS order
    ece = expected_calibration_error(["committed", "conditional"], ["committed", "committed"], proba)
    assert abs(ece - (0.5 * 0.1 + 0.5 * 0.2)) < 1e-9  # 0.9 right, 0.2 wrong; not 0.6


# (per-fold macro-F1 of "a" and "b", their ECE, the candidate shipped): within 0.005, the
# better calibrated wins unless the other beats it in every fold
CHOICES = [
    ([0.870, 0.868, 0.872], [0.866, 0.865, 0.868], (0.033, 0.027), "a"),  # a wins every fold
    ([0.870, 0.862, 0.872], [0.866, 0.865, 0.868], (0.033, 0.027), "b"),  # not every fold: a tie
    ([0.880, 0.878, 0.882], [0.866, 0.865, 0.868], (0.033, 0.027), "a"),  # beyond 0.005
    ([0.866, 0.865, 0.868], [0.870, 0.868, 0.872], (0.027, 0.033), "b"),
]


@pytest.mark.parametrize("fa,fb,ece,chosen", CHOICES)
def test_a_candidate_that_wins_every_fold_is_no_tie(fa, fb, ece, chosen):
    from stance.train import _pick

    cv = {n: {"macro_f1": sum(f) / len(f), "ece": e, "fold_macro_f1": f}
          for n, f, e in (("a", fa, ece[0]), ("b", fb, ece[1]))}
    assert _pick(["a", "b"], cv) == chosen


def test_context_tags_come_from_the_preceding_sentence_of_the_same_article():
    from stance.features import add_context, analyze_texts, article_prev

    assert article_prev([3, 0, 2, 1]) == [None, 0, 1, None, 3, None]
    recs = analyze_texts(["Qu'attendez-vous de Washington ?", "Une réponse claire.",
                          "Berlin attend toujours la contribution américaine.", "Paris aussi."])
    got = add_context(recs, article_prev([2, 2]))
    extra = [t[len(r["tags"]):] for t, r in zip((g["tags"] for g in got), recs)]
    assert extra[0] == extra[2] == ["prev:start"]  # each article's first sentence
    assert "prev:question" in extra[1] and "prev:question" not in extra[3]
    assert "prev:cue:waiting" in extra[3] and "prev:cue:waiting" not in extra[1]
    assert recs[1]["tags"] == got[1]["tags"][:len(recs[1]["tags"])]  # the records themselves are untouched
    assert all("prev:start" not in r["tags"] for r in recs)


def test_a_context_model_reads_whole_articles_and_keeps_its_setting(home):
    """A model fitted with context reads each sentence with the one before it in its
    article (model.records), keeps the setting through saving, and a model without it
    reads every sentence alone."""
    from stance.features import add_context, analyze_span, analyze_texts
    from stance.model import StanceModel, save_model
    from stance.nlp import load_pipeline
    from stance.train import _previous

    rows = [json.loads(line) for line in (ROOT / "data" / "annotations" / "train.jsonl").read_text().splitlines()][:600]
    recs = add_context(analyze_texts([r["text"] for r in rows]), _previous(rows))
    model = StanceModel(context=True).fit(recs, [r["label"] for r in rows])
    save_model(model, home / "c.joblib", {"labels": model.labels_})
    again = load_model(home / "c.joblib")
    assert again.context is True and StanceModel().context is False
    nlp = load_pipeline()
    article = [d[:] for d in nlp.pipe(["Les Européens attendent Washington.", "Paris aussi.", "Rome hésite."])]
    with_context = again.records([article, article[:1]])
    assert [r["tags"][-1] for r in with_context][::3] == ["prev:start", "prev:start"]
    assert any(t.startswith("prev:cue:") for t in with_context[1]["tags"])
    assert StanceModel().records([article]) == [analyze_span(sp) for sp in article]


def test_model_card_says_whether_candidates_were_compared():
    from stance.report import model_card

    meta = read_header(DEFAULT_MODEL)["meta"]
    one = dict(meta, cv={"svm": meta["cv"]["svm"]})
    both = dict(meta, cv={"svm": meta["cv"]["svm"], "logreg": meta["cv"]["svm"]})
    assert "--candidates logreg,svm" in model_card(one, "m.joblib")
    assert "chosen by grouped" not in model_card(one, "m.joblib")
    assert "chosen by grouped" in model_card(both, "m.joblib")
