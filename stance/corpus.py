"""Annotated sentences: the one JSONL format that ``stance train`` and ``stance
evaluate`` read, and its validation.

One JSON object a line: ``text`` and ``label`` are required; ``holder`` (a canonical
actor code, null for ``none``), ``source``, ``doc_id``, ``index``, ``lang``, ``start``,
``end``, ``date``, ``topic`` are optional; unknown fields are ignored.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable

from . import LABELS
from .errors import StanceError
from .io import not_text

__all__ = ["read_sentences", "iter_jsonl", "parse_json_line", "data_sha256", "check_training_set", "MIN_PER_LABEL"]

MIN_PER_LABEL = 5


def parse_json_line(line: str, where: str, n: int, what: str = "a JSON object") -> dict:
    """One JSONL line as a dict; a malformed line raises a ``where:n`` error."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise StanceError(f"malformed JSON ({exc.msg} at column {exc.colno})", where, n) from None
    if not isinstance(obj, dict):
        raise StanceError(f"expected {what}", where, n)
    return obj


def iter_jsonl(path: str | Path, on_error: Callable[[int, str], None] | None = None):
    """Yield ``(line_number, object)`` for each non-blank line. A bad file or line
    raises — or, with ``on_error(line, message)``, is reported and skipped (line 0: the
    whole file), so that a checker can list every problem."""
    where = str(path)

    def fail(n: int, message: str) -> None:
        if on_error is None:
            raise StanceError(message, where, n or None)
        on_error(n, message)

    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return fail(0, "no such file")
    except IsADirectoryError:
        return fail(0, "is a directory, expected a JSONL file")
    except OSError as exc:
        return fail(0, f"cannot read: {exc.strerror}")
    problem = not_text(raw, "JSONL text")
    if problem:
        return fail(0, problem)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(raw.count(b"\n", 0, exc.start) + 1, f"not UTF-8 text (invalid byte at byte offset {exc.start})")
        text = raw.decode("utf-8-sig", errors="replace")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, parse_json_line(line, where, n)
        except StanceError as exc:
            if on_error is None:
                raise
            on_error(n, exc.message)


def read_sentences(paths: Iterable[str | Path], require_label: bool = True, check_holders: bool = True) -> list[dict]:
    """Read and validate annotated sentences; each row gets ``_where`` (file:line)."""
    from .actors import actor_codes

    codes = actor_codes() if check_holders else None
    rows: list[dict] = []
    for path in paths:
        for n, obj in iter_jsonl(path):
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                raise StanceError("missing or empty 'text'", str(path), n)
            label = obj.get("label")
            if require_label or label is not None:
                if label not in LABELS:
                    raise StanceError(f"unknown label {label!r} (expected one of {', '.join(LABELS)})", str(path), n)
            holder = obj.get("holder")
            if holder is not None and codes is not None and holder not in codes:
                raise StanceError(f"unknown holder code {holder!r} (see `stance actors` for the list)", str(path), n)
            obj["_where"] = f"{path}:{n}"
            rows.append(obj)
    if not rows:
        raise StanceError("no annotated sentences in " + ", ".join(str(p) for p in paths))
    return rows


def check_training_set(rows: list[dict]) -> dict[str, int]:
    """Refuse a training set with fewer than two labels or a nearly empty label."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    if len(counts) < 2:
        raise StanceError(f"the training data holds only one label ({next(iter(counts))}); at least two are needed")
    few = [f"{label} ({n})" for label, n in sorted(counts.items()) if n < MIN_PER_LABEL]
    if few:
        raise StanceError(f"too few examples to learn from for: {', '.join(few)}; "
                          f"each label needs at least {MIN_PER_LABEL}")
    return counts


def data_sha256(paths: Iterable[str | Path]) -> str:
    """SHA-256 over the training files' bytes, in the order given."""
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()
