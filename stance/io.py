"""Writing outputs safely: atomic files (temporary file, then rename) and ``-`` for
standard output."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_write", "open_output", "not_text"]


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write ``path`` through a temporary file in the same directory, renamed over the
    target only when the block succeeds: an interrupted write leaves the old file intact."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # the permissions an ordinary write would give (the old file's, or the umask's),
        # not the temporary file's private 0600
        os.fchmod(fd, _file_mode(target))
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding, newline=None if "b" in mode else "") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextlib.contextmanager
def open_output(path: str | Path | None) -> Iterator[IO[str]]:
    """Standard output for ``None`` or ``-``, otherwise an atomic file."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with atomic_write(path) as fh:
            yield fh


def not_text(data: bytes, what: str = "text") -> str | None:
    """Why ``data`` cannot be read as UTF-8 text before decoding is tried, or None: UTF-16
    (its byte-order mark), or binary data (a NUL byte)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text, not UTF-8 (convert the file, e.g. iconv -f utf-16 -t utf-8)"
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binary data, not {what} (NUL byte at byte offset {nul})"
    return None
