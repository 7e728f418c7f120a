"""Annotated data beyond training: checking annotation files, importing annotations made
with other tools, exporting the corpus to them.

- :func:`check_data` validates annotation JSONL files (the format of
  :mod:`stance.corpus`) and collects *every* problem as ``file:line: message``, with counts
  per split, label, holder and sub-topic.
- :func:`import_annotations` reads a Prodigy, doccano, Label Studio or CSV export and
  returns rows in the project's sentence format; the first malformed record raises
  :class:`~stance.errors.StanceError` naming ``file:line``.
- :func:`export_annotations` writes sentence rows for Prodigy, doccano or a spreadsheet.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator

from . import LABELS
from .corpus import iter_jsonl
from .errors import StanceError

__all__ = ["CheckReport", "check_data", "annotation_files", "import_annotations",
           "export_annotations", "ImportedRows", "IMPORT_FORMATS", "EXPORT_FORMATS"]

IMPORT_FORMATS = ("prodigy", "doccano", "labelstudio", "csv")
EXPORT_FORMATS = ("prodigy", "doccano", "csv")

NO_HOLDER = "-"
"""The key under which :attr:`CheckReport.counts` files rows without a holder."""

_SPLIT_ORDER = {"train": 0, "dev": 1, "test": 2}


# --------------------------------------------------------------------------- check

@dataclass
class CheckReport:
    """What :func:`check_data` found.

    ``problems``: one ``file:line: message`` string each (``file: message`` for a
    problem with a whole file), sorted by file and line.

    ``counts`` (over the rows with a valid label and a non-empty text)::

        {"files": int, "sentences": int, "articles": int,
         "split":    {split: {label: n, ...}},   # split = file stem; train, dev, test first
         "articles_per_split": {split: n},       # distinct doc_id values
         "holder":   {holder: {label: n, ...}},  # "-" for rows without a holder
         "topic":    {topic: {label: n, ...}}}   # only rows with a ``topic`` field

    Every inner ``{label: n}`` dict holds all of :data:`stance.LABELS`, zeros included.
    """

    problems: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def annotation_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories to annotation files: a directory gives its
    ``*.jsonl`` files, ``train``, ``dev``, ``test`` first and then by name."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = sorted((f for f in p.glob("*.jsonl") if f.is_file()), key=_split_key)
            if not found:
                raise StanceError("directory holds no annotation files (*.jsonl)", str(item))
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise StanceError("no such file or directory", str(item))
    if not out:
        raise StanceError("no annotation files given")
    return out


def _split_key(path: Path) -> tuple[int, str]:
    return _SPLIT_ORDER.get(path.stem, len(_SPLIT_ORDER)), path.name


def check_data(paths: Iterable[str | Path], articles_dir: str | Path | None = None) -> CheckReport:
    """Validate annotation JSONL files (or directories of them) and count their rows.

    Checked for every line: valid JSON object; ``text`` a non-empty string; ``label`` one
    of :data:`stance.LABELS`; ``holder`` a known actor code when present, and present on
    every non-``none`` row of a file whose other rows carry holders; ``index``, ``start``,
    ``end`` integers; ``text == article[start:end]`` where the article text
    ``<articles>/<doc_id>.txt`` is found (``articles_dir``, or else an ``articles``
    directory beside the annotation file's directory). Across all files: the same
    sentence twice (after normalising case, white space and apostrophes), the same
    ``(doc_id, index)`` twice, and an article in two files (splits).
    """
    from .actors import actor_codes

    files = annotation_files(paths)
    if articles_dir is not None and not Path(articles_dir).is_dir():
        raise StanceError("articles directory not found", str(articles_dir))
    codes = actor_codes()
    found: list[tuple[int, int, str]] = []  # (file number, line, message); line 0 = whole file
    articles = _ArticleCache()
    seen_text: dict[str, str] = {}
    seen_doc: dict[str, tuple[int, str]] = {}  # doc_id -> (file number, where)
    seen_pos: dict[tuple[str, int], str] = {}
    doc_reported: set[tuple[str, int]] = set()
    counts = _Counts()

    for fno, path in enumerate(files):
        def problem(line: int, message: str, fno=fno) -> None:
            found.append((fno, line, message))

        adir = Path(articles_dir) if articles_dir is not None else path.parent.parent / "articles"
        if not adir.is_dir():
            adir = None
        rows = _read_rows(path, problem)
        carries_holders = any(obj.get("holder") is not None for _, obj in rows)
        split = path.stem
        counts.add_file(split)
        for n, obj in rows:
            where = f"{path}:{n}"
            text = obj.get("text")
            text_ok = isinstance(text, str) and bool(text.strip())
            if not text_ok:
                problem(n, "missing or empty 'text'")
            label = obj.get("label")
            if label not in LABELS:
                problem(n, f"unknown label {label!r} (expected one of {', '.join(LABELS)})")
                label = None
            holder = obj.get("holder")
            if holder is not None and (not isinstance(holder, str) or holder not in codes):
                problem(n, f"unknown holder code {holder!r} (see `stance actors` for the list)")
            elif holder is None and carries_holders and label is not None and label != "none":
                problem(n, f"no holder for a {label!r} sentence (the file's other sentences carry holders)")
            ints = {}
            for key in ("index", "start", "end"):
                if key in obj:
                    value = obj[key]
                    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                        ints[key] = value
                    else:
                        problem(n, f"'{key}' must be a non-negative integer, found {value!r}")
            if ("start" in obj) != ("end" in obj):
                problem(n, "'start' and 'end' go together: one of them is missing")
            doc_id = obj.get("doc_id")
            if doc_id is not None and (not isinstance(doc_id, str) or not doc_id
                                       or Path(doc_id).name != doc_id):
                problem(n, f"'doc_id' must be an article file name without extension, found {doc_id!r}")
                doc_id = None

            if "start" in ints and "end" in ints and text_ok:
                if ints["start"] > ints["end"]:
                    problem(n, f"start {ints['start']} is after end {ints['end']}")
                elif adir is not None and doc_id is not None:
                    article, error = articles.get(adir / f"{doc_id}.txt")
                    if error:
                        problem(n, error)
                    elif article[ints["start"]:ints["end"]] != text:
                        problem(n, _offset_message(article, ints["start"], ints["end"], text))

            if text_ok:
                key = _normalise(text)
                if key in seen_text:
                    problem(n, f"duplicate sentence (also at {seen_text[key]})")
                else:
                    seen_text[key] = where
            if doc_id is not None:
                first = seen_doc.setdefault(doc_id, (fno, where))
                if first[0] != fno and (doc_id, fno) not in doc_reported:
                    doc_reported.add((doc_id, fno))
                    problem(n, f"article {doc_id} is also in {files[first[0]]} (first at {first[1]});"
                               " an article belongs to one split")
                if "index" in ints:
                    pos = (doc_id, ints["index"])
                    if pos in seen_pos:
                        problem(n, f"{doc_id} sentence {ints['index']} is annotated twice (also at {seen_pos[pos]})")
                    else:
                        seen_pos[pos] = where
            if label is not None and text_ok:
                counts.add(split, label, holder if isinstance(holder, str) else None,
                           obj.get("topic") if isinstance(obj.get("topic"), str) else None, doc_id)

    found.sort(key=lambda p: (p[0], p[1]))
    problems = [f"{files[f]}:{line}: {msg}" if line else f"{files[f]}: {msg}" for f, line, msg in found]
    return CheckReport(problems=problems, counts=counts.as_dict(len(files)))


def _read_rows(path: Path, problem) -> list[tuple[int, dict]]:
    """The JSON objects of a JSONL file with their line numbers; reports bad lines."""
    rows = list(iter_jsonl(path, on_error=problem))
    if not rows:
        try:
            empty = not path.read_bytes().strip()
        except OSError:
            empty = False
        if empty:
            problem(0, "empty file: no annotated sentences")
    return rows


class _ArticleCache:
    """Article texts by path, read once; a file that cannot be read gives an error message."""

    def __init__(self):
        self._texts: dict[Path, tuple[str | None, str | None]] = {}

    def get(self, path: Path) -> tuple[str | None, str | None]:
        if path not in self._texts:
            from .articles import read_article

            if not path.is_file():
                self._texts[path] = (None, f"no article file {path} for these offsets")
            else:
                try:
                    self._texts[path] = (read_article(path).text, None)
                except StanceError as exc:
                    self._texts[path] = (None, f"cannot read the article: {exc}")
        return self._texts[path]


def _offset_message(article: str, start: int, end: int, text: str) -> str:
    if end > len(article):
        return f"offsets {start}:{end} run past the end of the article ({len(article)} characters)"
    found = article.find(text)
    hint = f"; the text is at {found}:{found + len(text)}" if found >= 0 else "; the text is not in the article"
    excerpt = article[start:end]
    if len(excerpt) > 40:
        excerpt = excerpt[:37] + "..."
    return f"article text at {start}:{end} is {excerpt!r}, not the sentence{hint}"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


class _Counts:
    def __init__(self):
        self.split: dict[str, Counter] = {}
        self.holder: dict[str, Counter] = {}
        self.topic: dict[str, Counter] = {}
        self.docs: dict[str, set] = {}
        self.all_docs: set = set()
        self.sentences = 0

    def add_file(self, split: str) -> None:
        self.split.setdefault(split, Counter())
        self.docs.setdefault(split, set())

    def add(self, split, label, holder, topic, doc_id) -> None:
        self.sentences += 1
        self.split[split][label] += 1
        self.holder.setdefault(holder or NO_HOLDER, Counter())[label] += 1
        if topic is not None:
            self.topic.setdefault(topic, Counter())[label] += 1
        if doc_id is not None:
            self.docs[split].add(doc_id)
            self.all_docs.add(doc_id)

    def as_dict(self, files: int) -> dict:
        def table(d: dict[str, Counter], key) -> dict:
            return {k: {label: d[k][label] for label in LABELS} for k in sorted(d, key=key)}

        by_total = lambda k, d: (-sum(d[k].values()), k)  # noqa: E731
        split_key = lambda k: (_SPLIT_ORDER.get(k, len(_SPLIT_ORDER)), k)  # noqa: E731
        return {
            "files": files,
            "sentences": self.sentences,
            "articles": len(self.all_docs),
            "split": table(self.split, split_key),
            "articles_per_split": {k: len(self.docs[k]) for k in sorted(self.docs, key=split_key)},
            "holder": table(self.holder, lambda k: by_total(k, self.holder)),
            "topic": table(self.topic, lambda k: by_total(k, self.topic)),
        }


# --------------------------------------------------------------------------- import

class ImportedRows(list):
    """The rows :func:`import_annotations` returns (a list of dicts), plus ``skipped``:
    how many records were left out on purpose, by reason (e.g. ``{"answer=reject": 3}``)."""

    def __init__(self, rows=(), skipped: dict[str, int] | None = None):
        super().__init__(rows)
        self.skipped: dict[str, int] = dict(skipped or {})


def import_annotations(fmt: str, path: str | Path) -> ImportedRows:
    """Read annotations exported by another tool as rows of the project's sentence
    format: ``text``, ``label``, ``holder`` (or None), ``lang`` (default ``fr``) and
    ``doc_id`` and ``index`` when the record gives them.

    - ``prodigy``: JSONL with ``text``, ``label`` and ``answer``; only ``accept``
      answers are kept (the others are counted in ``skipped``). A choice task
      (``options``) gives its label by its one ``accept`` id. ``holder``, ``doc_id``,
      ``index``, ``lang`` come from ``meta`` or the record itself.
    - ``doccano``: JSONL with ``text`` and a ``label`` list holding exactly one of our
      labels (and at most one actor code, taken as the holder); ``holder``, ``doc_id``,
      ``index``, ``lang`` fields are read too.
    - ``labelstudio``: a JSON export, a list of tasks with ``data.text`` and
      ``annotations[0].result[*].value.choices`` (one label, at most one actor code);
      tasks without annotation or cancelled are counted in ``skipped``.
    - ``csv``: a header with ``text`` and ``label`` columns and optionally ``holder``,
      ``doc_id``, ``index``, ``lang``; other columns are ignored.

    A malformed record, an unknown label or holder raises :class:`StanceError` naming
    ``file:line``.
    """
    readers = {"prodigy": _import_prodigy, "doccano": _import_doccano,
               "labelstudio": _import_labelstudio, "csv": _import_csv}
    if fmt not in readers:
        raise StanceError(f"unknown import format {fmt!r} (expected one of {', '.join(IMPORT_FORMATS)})")
    p = Path(path)
    if p.is_dir():
        raise StanceError("is a directory, expected a file", str(path))
    if not p.exists():
        raise StanceError("no such file", str(path))
    result = ImportedRows()
    skipped: Counter = Counter()
    for row in readers[fmt](p, skipped):
        result.append(row)
    result.skipped = dict(skipped)
    if not result and not skipped:
        raise StanceError("no annotations found", str(path))
    return result


class _Record:
    """Builds one output row, raising errors that name the record's file and line."""

    def __init__(self, path: Path, line: int):
        self.path, self.line = str(path), line

    def fail(self, message: str):
        raise StanceError(message, self.path, self.line)

    def row(self, text, label, holder=None, doc_id=None, index=None, lang=None) -> dict:
        from .actors import actor_codes

        if not isinstance(text, str) or not text.strip():
            self.fail("missing or empty text")
        if label not in LABELS:
            self.fail(f"unknown label {label!r} (expected one of {', '.join(LABELS)})")
        if holder == "":
            holder = None
        if holder is not None and (not isinstance(holder, str) or holder not in actor_codes()):
            self.fail(f"unknown holder code {holder!r} (see `stance actors` for the list)")
        out = {"text": text, "label": label, "holder": holder}
        if lang in (None, ""):
            lang = "fr"
        if not isinstance(lang, str):
            self.fail(f"'lang' must be a string, found {lang!r}")
        out["lang"] = lang
        if doc_id not in (None, ""):
            out["doc_id"] = str(doc_id)
        if index not in (None, ""):
            if isinstance(index, str) and index.strip().isdigit():
                index = int(index)
            if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                self.fail(f"'index' must be a non-negative integer, found {index!r}")
            out["index"] = index
        return out

    def split_choices(self, choices) -> tuple[str, str | None]:
        """One label and at most one holder out of a list of chosen names."""
        from .actors import actor_codes

        if isinstance(choices, str):
            choices = [choices]
        if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
            self.fail(f"expected a list of label names, found {choices!r}")
        labels = [c for c in choices if c in LABELS]
        holders = [c for c in choices if c not in LABELS and c in actor_codes()]
        unknown = [c for c in choices if c not in LABELS and c not in actor_codes()]
        if unknown:
            self.fail(f"unknown label {unknown[0]!r} (expected one of {', '.join(LABELS)})")
        if len(labels) != 1:
            self.fail(f"expected exactly one label of {', '.join(LABELS)}, found "
                      + (", ".join(map(repr, labels)) if labels else "none"))
        if len(holders) > 1:
            self.fail(f"more than one holder code: {', '.join(holders)}")
        return labels[0], (holders[0] if holders else None)


def _import_prodigy(path: Path, skipped: Counter) -> Iterator[dict]:
    for n, obj in iter_jsonl(path):
        rec = _Record(path, n)
        answer = obj.get("answer")
        if answer is None:
            rec.fail("no 'answer' (is this a Prodigy annotation export?)")
        if answer != "accept":
            skipped[f"answer={answer}"] += 1
            continue
        meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
        holder = meta.get("holder", obj.get("holder"))
        if "options" in obj:
            label, holder = _prodigy_choice(rec, obj, holder)
        else:
            label = obj.get("label")
        yield rec.row(obj.get("text"), label, holder, meta.get("doc_id", obj.get("doc_id")),
                      meta.get("index", obj.get("index")), meta.get("lang", obj.get("lang")))


def _prodigy_choice(rec: _Record, obj: dict, holder):
    options = obj.get("options")
    accepted = obj.get("accept")
    if not isinstance(options, list) or not isinstance(accepted, list):
        rec.fail("a choice task needs an 'options' list and an 'accept' list")
    names = []
    for chosen in accepted:
        option = next((o for o in options if isinstance(o, dict) and o.get("id") == chosen), None)
        if option is None:
            rec.fail(f"accepted id {chosen!r} is not among the options")
        name = chosen if chosen in LABELS else option.get("text", chosen)
        names.append(name)
    label, chosen_holder = rec.split_choices(names)
    if chosen_holder is not None and holder is not None and chosen_holder != holder:
        rec.fail(f"two holders: {chosen_holder!r} chosen, {holder!r} in the record")
    return label, chosen_holder or holder


def _import_doccano(path: Path, skipped: Counter) -> Iterator[dict]:
    from .corpus import iter_jsonl

    for n, obj in iter_jsonl(path):
        rec = _Record(path, n)
        if "label" not in obj:
            rec.fail("no 'label' list")
        label, holder = rec.split_choices(obj["label"])
        if obj.get("holder") not in (None, ""):
            if holder is not None and holder != obj["holder"]:
                rec.fail(f"two holders: {holder!r} among the labels, {obj['holder']!r} in 'holder'")
            holder = obj["holder"]
        yield rec.row(obj.get("text"), label, holder, obj.get("doc_id"), obj.get("index"), obj.get("lang"))


def _import_labelstudio(path: Path, skipped: Counter) -> Iterator[dict]:
    for n, task in _iter_json_array(path):
        rec = _Record(path, n)
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            rec.fail("expected a Label Studio task with a 'data' object")
        data = task["data"]
        annotations = task.get("annotations")
        if annotations is None or annotations == []:
            skipped["not annotated"] += 1
            continue
        if not isinstance(annotations, list) or not isinstance(annotations[0], dict):
            rec.fail("'annotations' must be a list of objects")
        first = annotations[0]
        if first.get("was_cancelled"):
            skipped["cancelled"] += 1
            continue
        results = first.get("result")
        if not isinstance(results, list):
            rec.fail("annotation without a 'result' list")
        choices: list = []
        for item in results:
            value = item.get("value") if isinstance(item, dict) else None
            if isinstance(value, dict) and "choices" in value:
                if not isinstance(value["choices"], list):
                    rec.fail(f"'choices' must be a list, found {value['choices']!r}")
                choices.extend(value["choices"])
        label, holder = rec.split_choices(choices)
        if data.get("holder") not in (None, "") and holder is None:
            holder = data["holder"]
        yield rec.row(data.get("text"), label, holder, data.get("doc_id"), data.get("index"), data.get("lang"))


def _iter_json_array(path: Path) -> Iterator[tuple[int, object]]:
    """Yield ``(line, element)`` for each element of a JSON array, with the line where
    the element starts."""
    text = _read_text(path)
    where = str(path)
    decoder = json.JSONDecoder()

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def line_of(i: int) -> int:
        return text.count("\n", 0, i) + 1

    i = skip(0)
    if i == len(text):
        raise StanceError("empty file", where)
    if text[i] != "[":
        raise StanceError("expected a JSON list of tasks (a Label Studio JSON export)", where, line_of(i))
    i = skip(i + 1)
    if i < len(text) and text[i] == "]":
        i = skip(i + 1)
    else:
        while True:
            try:
                obj, end = decoder.raw_decode(text, i)
            except json.JSONDecodeError as exc:
                raise StanceError(f"malformed JSON ({exc.msg} at column {exc.colno})", where, exc.lineno) from None
            yield line_of(i), obj
            i = skip(end)
            if i < len(text) and text[i] == ",":
                i = skip(i + 1)
                continue
            if i < len(text) and text[i] == "]":
                i = skip(i + 1)
                break
            raise StanceError("malformed JSON (expected ',' or ']' after a task)", where, line_of(i))
    if i != len(text):
        raise StanceError("malformed JSON (extra data after the list of tasks)", where, line_of(i))


def _import_csv(path: Path, skipped: Counter) -> Iterator[dict]:
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    where = str(path)
    try:
        header = next(reader)
    except StopIteration:
        raise StanceError("empty file", where) from None
    except csv.Error as exc:
        raise StanceError(f"malformed CSV ({exc})", where, 1) from None
    columns = [h.strip().lower() for h in header]
    for needed in ("text", "label"):
        if needed not in columns:
            raise StanceError(f"the header has no {needed!r} column (expected text,label[,holder])", where, 1)
    if len(set(columns)) != len(columns):
        raise StanceError("the header names a column twice", where, 1)
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise StanceError(f"malformed CSV ({exc})", where, line) from None
        rec = _Record(path, line)
        line = reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(columns):
            rec.fail(f"expected {len(columns)} fields, found {len(record)}")
        cells = dict(zip(columns, record))
        yield rec.row(cells["text"], cells["label"].strip(), cells.get("holder", "").strip() or None,
                      cells.get("doc_id", "").strip() or None, cells.get("index", "").strip() or None,
                      cells.get("lang", "").strip() or None)


def _read_text(path: Path) -> str:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StanceError(f"cannot read: {exc.strerror}", where) from None
    if b"\x00" in raw:
        raise StanceError("binary data, not text", where)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StanceError(f"not UTF-8 text (invalid byte at byte offset {exc.start})", where,
                          raw.count(b"\n", 0, exc.start) + 1) from None


# --------------------------------------------------------------------------- export

def export_annotations(rows: Iterable[dict], fmt: str, out: IO[str] | str | Path) -> int:
    """Write sentence rows for another tool; ``out`` is an open text stream or a path
    (written atomically, ``-`` for standard output). Returns the number of rows written.

    - ``prodigy``: JSONL, ``text``, ``label``, ``answer: "accept"`` and ``meta`` with
      ``doc_id``, ``index``, ``holder``, ``lang``;
    - ``doccano``: JSONL, ``text``, ``label: [label]``, ``holder``, ``doc_id``, ``index``, ``lang``;
    - ``csv``: ``text,label,holder`` (an empty cell for no holder).
    """
    if fmt not in EXPORT_FORMATS:
        raise StanceError(f"unknown export format {fmt!r} (expected one of {', '.join(EXPORT_FORMATS)})")
    if isinstance(out, (str, Path)):
        from .io import open_output

        with open_output(out) as fh:
            return export_annotations(rows, fmt, fh)
    n = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["text", "label", "holder"])
        for r in rows:
            writer.writerow([r["text"], r["label"], r.get("holder") or ""])
            n += 1
        return n
    for r in rows:
        extra = {k: r[k] for k in ("doc_id", "index") if r.get(k) is not None}
        extra["holder"] = r.get("holder")
        extra["lang"] = r.get("lang") or "fr"
        if fmt == "prodigy":
            obj = {"text": r["text"], "label": r["label"], "answer": "accept", "meta": extra}
        else:
            obj = {"text": r["text"], "label": [r["label"]], **extra}
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n
