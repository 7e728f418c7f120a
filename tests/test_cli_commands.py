"""classify, evaluate, summarize, model and train from the command line: formats,
standard streams, exit codes, one-line errors, atomic outputs."""
import csv
import io
import json

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED
from stance.cli import cli

TEST = str(ROOT / "data" / "annotations" / "test.jsonl")


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_classify_jsonl_to_stdout():
    res = run("classify", str(SEED), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 12
    assert {"doc_id", "date", "index", "start", "end", "text", "label", "confidence", "probabilities", "cues",
            "holder", "source"} <= set(rows[0])


def test_classify_csv_and_table():
    out = run("classify", str(SEED), "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 12 and table[0]["doc_id"] == SEED.stem
    out = run("classify", str(SEED), "--format", "table").stdout
    assert "pending_us" in out and "none:" in out.replace(" ", "") or "none" in out


def test_classify_from_stdin_with_min_confidence():
    res = run("classify", "-", "--format", "jsonl", "--min-confidence", "0.99",
              input="date 2025-05-05\n\nLa Suède pourrait envoyer des avions, selon un diplomate.\n")
    row = json.loads(res.stdout)
    assert row["doc_id"] == "stdin" and row["label"] in ("uncertain", "conditional")
    if row["label"] == "uncertain":
        assert row["best_guess"]


def test_classify_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    res = CliRunner().invoke(cli, ["classify", str(SEED), str(bad), "--format", "jsonl", "-o", str(out)])
    assert res.exit_code == 1 and "binary" in res.stderr
    assert out.read_text() == "previous\n"  # the failed run left the old file intact
    assert run("classify", str(SEED), "--format", "jsonl", "-o", str(out)).exit_code == 0
    assert len(out.read_text().splitlines()) == 12


def test_atomic_writes_keep_ordinary_file_permissions(tmp_path):
    """A file written through a temporary file gets the permissions a plain write would
    give — the umask's for a new file, the old file's for a replaced one — not 0600."""
    import os

    from stance.io import atomic_write

    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "new.txt") as fh:
            fh.write("x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "shared.txt"
        shared.write_text("old")
        shared.chmod(0o664)
        with atomic_write(shared) as fh:
            fh.write("new")
        assert shared.stat().st_mode & 0o777 == 0o664 and shared.read_text() == "new"
    finally:
        os.umask(old)


def test_classify_jobs_gives_the_same_output_in_the_same_order(tmp_path):
    files = sorted((ROOT / "data" / "articles").glob("*.txt"))[:6]
    one = run("classify", *map(str, files), "--format", "jsonl").stdout
    two = run("classify", *map(str, files), "--format", "jsonl", "--jobs", "2").stdout
    assert one == two and len(one.splitlines()) > 50


def test_evaluate_json_keys_and_report(tmp_path):
    res = run("evaluate", "--data", TEST, "--format", "json", "--report", str(tmp_path / "rep"))
    m = json.loads(res.stdout)
    assert {"n", "accuracy", "macro_f1", "per_label", "confusion", "holder_accuracy"} <= set(m)
    assert set(m["per_label"]["committed"]) == {"precision", "recall", "f1", "support"}
    assert m["confusion"]["labels"] == ["committed", "conditional", "pending_us", "none"]
    html = (tmp_path / "rep" / "report.html").read_text()
    assert html.count("data:image/png;base64") == 3 and "most confident errors" in html
    assert json.loads((tmp_path / "rep" / "metrics.json").read_text())["n"] == 421


def test_evaluate_text_report():
    out = run("evaluate", "--data", TEST).stdout
    assert "macro-F1" in out and "confusion" in out and "holder accuracy" in out


def test_summarize_table_json_and_chart(tmp_path):
    res = run("summarize", str(SEED), "--format", "json", "--chart", str(tmp_path / "c.png"))
    data = json.loads(res.stdout)
    assert {r["actor"] for r in data} >= {"USA", "EUROPE"}
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    classified = tmp_path / "rows.jsonl"
    classified.write_text(run("classify", str(SEED), "--format", "jsonl").stdout)
    again = json.loads(run("summarize", str(classified), "--format", "json").stdout)
    assert again == data
    by_date = run("summarize", str(classified), "--by", "actor,date", "--format", "csv").stdout
    assert by_date.splitlines()[0].startswith("actor,date,committed")


def test_model_info_reads_the_header():
    out = run("model", "info").stdout
    assert "labels" in out and "test macro-F1" in out and "sha256" in out
    from stance.model import DEFAULT_MODEL, read_header

    weight = read_header(DEFAULT_MODEL)["meta"]["params"].get("none_weight", 1.0)
    assert f"none weight   {weight} " in out  # the shipped model's own setting


@pytest.mark.parametrize("args,needle", [
    (["classify", str(SEED), "--model", "/no/such/model.joblib"], "not found"),
    (["evaluate", "--data", "/no/such.jsonl"], "no such file"),
    (["classify", "/no/such/article.txt"], "no such file"),
])
def test_errors_are_one_line_with_exit_1(args, needle):
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1 and needle in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_malformed_training_line_is_named(tmp_path):
    bad = tmp_path / "train.jsonl"
    bad.write_text('{"text": "Un.", "label": "none"}\n{"text": oops}\n')
    res = CliRunner().invoke(cli, ["train", "--data", str(bad), "--out", str(tmp_path / "m.joblib")])
    assert res.exit_code == 1 and f"{bad}:2: malformed JSON" in res.stderr
    assert not (tmp_path / "m.joblib").exists()


def test_usage_error_exits_2():
    assert CliRunner().invoke(cli, ["classify"]).exit_code == 2
    assert CliRunner().invoke(cli, ["nonsense"]).exit_code == 2


def test_unknown_classifier_is_a_usage_error_before_any_data_is_read(tmp_path):
    from stance.cli.train import CLASSIFIERS
    from stance.train import CANDIDATES

    assert set(CLASSIFIERS) == set(CANDIDATES)
    missing = tmp_path / "none.jsonl"  # never opened: the option is refused first
    res = CliRunner().invoke(cli, ["train", "--data", str(missing), "--candidates", "svm,forest",
                                   "--out", str(tmp_path / "m.joblib")])
    assert res.exit_code == 2 and "unknown classifier 'forest'" in res.stderr
    assert "read" not in res.stderr.split("Error")[0] and not (tmp_path / "m.joblib").exists()


def test_actors_lists_codes_and_finds_people():
    out = run("actors").stdout
    assert len(out.splitlines()) >= 40 and "COALITION" in out
    assert run("actors", "merz").stdout.split()[0] == "DEU"


def test_library_train_refuses_an_unknown_candidate_before_reading(tmp_path):
    from stance.errors import StanceError
    from stance.train import train

    with pytest.raises(StanceError, match="unknown candidate 'forest'"):
        train([tmp_path / "none.jsonl"], tmp_path / "m.joblib", candidates=["forest"])
