"""The installed console script, `python -m stance`, and the segment command."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED

STANCE = shutil.which("stance", path=str(Path(sys.executable).parent))


def run(*args, stdin=None, script=True):
    cmd = [STANCE, *args] if script else [sys.executable, "-m", "stance", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=300)


def test_console_script_is_installed_and_runs():
    assert STANCE, "the `stance` console script is not installed beside this Python"
    out = run("--version")
    assert out.returncode == 0 and "stance" in out.stdout


def test_python_dash_m_works():
    out = run("--help", script=False)
    assert out.returncode == 0 and "segment" in out.stdout


def test_segment_text_and_jsonl_on_the_seed():
    text = run("segment", str(SEED))
    assert text.returncode == 0, text.stderr
    assert len(text.stdout.strip().splitlines()) == 12
    js = run("segment", "--format", "jsonl", str(SEED))
    rows = [json.loads(line) for line in js.stdout.splitlines()]
    assert [r["index"] for r in rows] == list(range(12))
    assert {r["doc_id"] for r in rows} == {SEED.stem} and rows[0]["date"] == "2025-09-03"
    raw = SEED.read_text(encoding="utf-8")
    assert all(raw[r["start"]:r["end"]] == r["text"] for r in rows)


def test_segment_reads_stdin():
    out = run("segment", "--format", "jsonl", "-", stdin="date 2025-01-01\nUn. Deux.\n")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["Un.", "Deux."] and rows[0]["doc_id"] == "stdin"


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary", "\u00e9t\u00e9".encode("latin-1")])
def test_bad_file_one_line_error_exit_1_no_traceback(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = run("segment", str(bad))
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and str(bad) in out.stderr
    assert "Traceback" not in out.stderr


def test_missing_input_and_usage_error():
    assert run("segment", "/no/such/file.txt").returncode == 1
    assert run("segment", "--format", "xml", str(SEED)).returncode == 2
