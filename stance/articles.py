"""Reading news articles as analysts receive them.

An article file is UTF-8 text (with or without a BOM, LF or CRLF line ends) that may
start with a ``date YYYY-MM-DD`` line — on a line of its own, or followed on the same line
by the first paragraph, as in the seed article — and then holds paragraphs separated by
blank lines. The date is metadata, never a sentence. Offsets always index
:attr:`Article.text`, the file's text as decoded (only a BOM is dropped).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import StanceError
from .io import not_text

__all__ = ["Article", "Sentence", "read_article", "parse_article", "iter_articles", "expand_inputs", "read_archive",
           "is_archive", "archive_lines"]

_DATE_LINE = re.compile(r"\A(\s*)date\b[ \t\u00a0:]*(\S*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: ``article.text[start:end] == text``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    date: str | None = None

    def as_dict(self) -> dict:
        return {"doc_id": self.doc_id, "date": self.date, "index": self.index,
                "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Article:
    """An article: its id, its date (or None), its text as read and where the body starts."""

    doc_id: str
    text: str
    date: str | None = None
    body_start: int = 0
    path: str | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    def sentences(self) -> list[Sentence]:
        """The article's sentences, with offsets into :attr:`text`."""
        from .segment import segment_spans

        off = self.body_start
        return [
            Sentence(self.doc_id, i, s + off, e + off, self.text[s + off:e + off], self.date)
            for i, (s, e) in enumerate(segment_spans(self.body))
        ]


def parse_article(text: str, doc_id: str, path: str | None = None) -> Article:
    """Build an :class:`Article` from decoded text; ``path`` is only used in errors."""
    where = path if path is not None else doc_id
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise StanceError("the article is empty or holds only white space", where)
    date = None
    body_start = len(text) - len(text.lstrip())
    m = _DATE_LINE.match(text)
    if m:
        value = m.group(2)
        if not _ISO_DATE.match(value):
            raise StanceError(f"malformed date line: expected 'date YYYY-MM-DD', found 'date {value}'", where, 1 + text.count("\n", 0, m.start(2)))
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise StanceError(f"malformed date line: {value} is not a calendar date", where, 1 + text.count("\n", 0, m.start(2))) from None
        date = value
        body_start = m.end()
        while body_start < len(text) and text[body_start].isspace():
            body_start += 1
        if not text[body_start:].strip():
            raise StanceError("the article holds a date line but no text", where)
    return Article(doc_id=doc_id, text=text, date=date, body_start=body_start, path=path)


def decode(data: bytes, where: str) -> str:
    """Decode article bytes as UTF-8, refusing binary data and other encodings."""
    if not data.strip():
        raise StanceError("the article is empty or holds only white space", where)
    problem = not_text(data)
    if problem:
        raise StanceError(problem, where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StanceError(
            f"not UTF-8 text: invalid byte 0x{data[exc.start]:02x} at byte offset {exc.start}"
            " (convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8)", where, line) from None


def read_article(path: str | Path) -> Article:
    """Read one article file; the document id is the file name without extension."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise StanceError("no such file", str(path)) from None
    except IsADirectoryError:
        raise StanceError("is a directory", str(path)) from None
    except OSError as exc:
        raise StanceError(f"cannot read: {exc.strerror}", str(path)) from None
    return parse_article(decode(data, str(path)), p.stem, str(path))


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Expand inputs to a list of file paths: a directory gives its ``*.txt`` files,
    sorted; ``-`` stays as is (standard input). Missing paths raise :class:`StanceError`."""
    out: list[str] = []
    for item in inputs:
        if item == "-":
            out.append(item)
            continue
        p = Path(item)
        if p.is_dir():
            found = sorted(str(f) for f in p.glob("*.txt") if f.is_file())
            if not found:
                raise StanceError("directory holds no articles (*.txt)", item)
            out.extend(found)
        elif p.exists():
            out.append(item)
        else:
            raise StanceError("no such file or directory", item)
    if not out:
        raise StanceError("no input given")
    return out


def iter_articles(inputs: Iterable[str]) -> Iterator[Article]:
    """Yield the articles of files, directories (``*.txt``, sorted), JSONL archives
    (``*.jsonl``: one ``{"doc_id", "date", "text"}`` object a line) and ``-`` (stdin)."""
    for item in expand_inputs(inputs):
        if item == "-":
            data = sys.stdin.buffer.read()
            yield parse_article(decode(data, "<stdin>"), "stdin", "<stdin>")
        elif is_archive(item):
            yield from read_archive(item)
        else:
            yield read_article(item)


# ------------------------------------------------------------------ JSONL archives
def is_archive(path: str) -> bool:
    """Whether an input path is a JSONL archive of articles (by its extension)."""
    return path.lower().endswith(".jsonl")


def _archive_article(line: bytes, path: str, n: int, first_in_file: bool) -> Article | None:
    """One archive line → an Article (None for a blank line). Errors name ``path:n``."""
    if first_in_file and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    if not line.strip():
        return None
    try:
        raw = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StanceError(f"not UTF-8 text: invalid byte 0x{line[exc.start]:02x}", path, n) from None
    from .corpus import parse_json_line

    obj = parse_json_line(raw, path, n, 'a JSON object {"doc_id", "date", "text"}')
    doc_id = obj.get("doc_id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise StanceError("missing or empty 'doc_id'", path, n)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise StanceError(f"missing or empty 'text' (article {doc_id})", path, n)
    date = obj.get("date")
    if date is not None:
        ok = isinstance(date, str) and len(date) == 10
        if ok:
            try:
                _dt.date.fromisoformat(date)
            except ValueError:
                ok = False
        if not ok:
            raise StanceError(f"malformed 'date' {date!r}: expected YYYY-MM-DD or null (article {doc_id})", path, n)
    try:
        article = parse_article(text, doc_id, path)
    except StanceError as exc:
        raise StanceError(f"{exc.message} (article {doc_id})", path, n) from None
    # a date field wins over a date line inside the text
    return dataclasses.replace(article, date=date) if date is not None else article


def archive_lines(data: bytes, path: str, first_line: int, at_file_start: bool) -> Iterator[Article]:
    """The articles of a run of archive lines (``first_line`` numbers the first, for errors)."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for k, line in enumerate(lines):
        article = _archive_article(line, path, first_line + k, at_file_start and k == 0)
        if article is not None:
            yield article


def read_archive(path: str | Path) -> Iterator[Article]:
    """The articles of a JSONL archive: one ``{"doc_id", "date", "text"}`` object a line
    (blank lines are skipped; ``date`` may be null; a ``date`` field overrides a
    ``date YYYY-MM-DD`` first line in the text). Offsets index ``text`` as given."""
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise StanceError("no such file", where) from None
    except OSError as exc:
        raise StanceError(f"cannot read: {exc.strerror}", where) from None
    problem = not_text(data, "JSONL text")
    if problem:
        raise StanceError(problem, where)
    yield from archive_lines(data, where, 1, True)
