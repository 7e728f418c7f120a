"""stance.datatools and `stance data`: checking annotation files, importing and exporting
annotations (Prodigy, doccano, Label Studio, CSV)."""
import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.corpus import read_sentences
from stance.datatools import check_data, export_annotations, import_annotations
from stance.errors import StanceError

REAL_DATA = Path(__file__).parent.parent / "data"

ROWS = [
    {"text": "Paris s'engage à envoyer des troupes, « dès que possible », a dit l'Élysée.",
     "label": "committed", "holder": "FRA", "doc_id": "a1", "index": 0, "lang": "fr"},
    {"text": "Berlin n'exclut pas, sous réserve du vote du Bundestag, d'y participer.",
     "label": "conditional", "holder": "DEU", "doc_id": "a1", "index": 1, "lang": "fr"},
    {"text": 'Les Européens attendent le "backstop" américain; rien n\'est signé.',
     "label": "pending_us", "holder": "EUROPE", "doc_id": "a2", "index": 0, "lang": "fr"},
    {"text": "La réunion a eu lieu jeudi.", "label": "none", "holder": None,
     "doc_id": "a2", "index": 1, "lang": "fr"},
]


def write_jsonl(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in rows), encoding="utf-8")
    return path


def make_corpus(root: Path) -> Path:
    """data/articles/<doc>.txt and data/annotations/{train,dev}.jsonl with true offsets."""
    data = root / "data"
    (data / "articles").mkdir(parents=True)
    splits = {"train": ["d1", "d2"], "dev": ["d3"]}
    sentences = {
        "d1": [("La France s'engage à fournir des avions.", "committed", "FRA", "guarantees"),
               ("Le sommet s'est tenu à Paris.", "none", None, "guarantees")],
        "d2": [("L'Italie hésite encore.", "conditional", "ITA", "maritime"),
               ("Washington n'a pas encore précisé sa contribution.", "pending_us", "USA", "maritime")],
        "d3": [("Londres a promis des missiles.", "committed", "GBR", "air_defence"),
               ("Les ministres se retrouveront mercredi.", "none", None, "air_defence")],
    }
    for split, docs in splits.items():
        rows = []
        for doc in docs:
            text = "date 2025-09-03\n\n"
            for i, (sent, label, holder, topic) in enumerate(sentences[doc]):
                start = len(text)
                text += sent + " "
                rows.append({"doc_id": doc, "index": i, "start": start, "end": start + len(sent),
                             "text": sent, "label": label, "holder": holder, "lang": "fr", "topic": topic})
            (data / "articles" / f"{doc}.txt").write_text(text, encoding="utf-8")
        write_jsonl(data / "annotations" / f"{split}.jsonl", rows)
    return data / "annotations"


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- check_data

def test_check_clean_corpus_counts(tmp_path):
    report = check_data([make_corpus(tmp_path)])
    assert report.ok and report.problems == []
    c = report.counts
    assert (c["files"], c["sentences"], c["articles"]) == (2, 6, 3)
    assert list(c["split"]) == ["train", "dev"]
    assert c["split"]["train"] == {"committed": 1, "conditional": 1, "pending_us": 1, "none": 1}
    assert c["articles_per_split"] == {"train": 2, "dev": 1}
    assert c["holder"]["-"]["none"] == 2 and c["holder"]["GBR"]["committed"] == 1
    assert sum(c["topic"]["maritime"].values()) == 2


def test_check_the_real_corpus_has_no_problems():
    report = check_data([REAL_DATA / "annotations"])
    assert report.problems == []
    assert report.counts["sentences"] > 1000 and set(report.counts["split"]) >= {"train", "dev", "test"}


def test_check_collects_every_problem_with_file_and_line(tmp_path):
    ann = make_corpus(tmp_path)
    train = ann / "train.jsonl"
    rows = lines_of(train)
    rows[0]["start"] += 1                      # line 1: offsets off by one
    rows[1]["label"] = "maybe"                 # line 2: unknown label
    rows[2]["holder"] = "ATLANTIS"             # line 3: unknown holder
    rows[3]["holder"] = None                   # line 4: pending_us without holder
    extra = dict(rows[0], index=7, start=0, end=4, text="La France s'engage à fournir des avions !")
    write_jsonl(train, [*rows, "{not json", extra, {"text": "", "label": "none"}])
    report = check_data([ann])
    assert not report.ok
    p = report.problems
    assert any(x.startswith(f"{train}:1: article text at") for x in p)
    assert any(x.startswith(f"{train}:2: unknown label 'maybe'") for x in p)
    assert any(x.startswith(f"{train}:3: unknown holder code 'ATLANTIS'") for x in p)
    assert any(x.startswith(f"{train}:4: no holder for a 'pending_us' sentence") for x in p)
    assert any(x.startswith(f"{train}:5: malformed JSON") for x in p)
    assert any(x.startswith(f"{train}:6: article text at 0:4") for x in p)
    assert any(x.startswith(f"{train}:7: missing or empty 'text'") for x in p)
    # nothing stops at the first problem: the later lines are still counted
    assert report.counts["sentences"] == 6


def test_check_duplicates_report_both_places(tmp_path):
    ann = make_corpus(tmp_path)
    dev = ann / "dev.jsonl"
    rows = lines_of(dev)
    dup = {"doc_id": "d9", "index": 0, "text": "  la france s’engage à fournir   des avions. ",
           "label": "committed", "holder": "FRA"}
    write_jsonl(dev, [*rows, dup])
    report = check_data([ann])
    dups = [x for x in report.problems if "duplicate sentence" in x]
    assert dups == [f"{dev}:3: duplicate sentence (also at {ann / 'train.jsonl'}:1)"]


def test_check_article_in_two_splits_and_sentence_annotated_twice(tmp_path):
    ann = make_corpus(tmp_path)
    dev = ann / "dev.jsonl"
    rows = lines_of(dev)
    moved = {"doc_id": "d1", "index": 5, "text": "Une phrase de plus.", "label": "none", "holder": None}
    again = {"doc_id": "d3", "index": 0, "text": "Une autre phrase.", "label": "none", "holder": None}
    write_jsonl(dev, [*rows, moved, again])
    p = check_data([ann]).problems
    assert any(x.startswith(f"{dev}:3: article d1 is also in {ann / 'train.jsonl'}") for x in p)
    assert any(x.startswith(f"{dev}:4: d3 sentence 0 is annotated twice (also at {dev}:1)") for x in p)


def test_check_offsets_need_the_article_file(tmp_path):
    ann = make_corpus(tmp_path)
    (tmp_path / "data" / "articles" / "d3.txt").unlink()
    p = check_data([ann / "dev.jsonl"]).problems
    assert len(p) == 2 and all("no article file" in x for x in p)


def test_check_explicit_articles_dir_and_no_articles_at_all(tmp_path):
    ann = make_corpus(tmp_path)
    alone = tmp_path / "elsewhere" / "train.jsonl"
    alone.parent.mkdir()
    alone.write_text((ann / "train.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    assert check_data([alone]).ok  # no articles/ beside it: offsets are not checked
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "d1.txt").write_text("date 2025-09-03\n\n" + "Tout autre texte, sans rapport aucun. " * 3, encoding="utf-8")
    report = check_data([alone], articles_dir=wrong)
    assert any(x.startswith(f"{alone}:1: article text at") for x in report.problems)
    assert any(x.startswith(f"{alone}:3: no article file") for x in report.problems)


def test_check_holders_only_required_when_the_file_carries_them(tmp_path):
    f = write_jsonl(tmp_path / "plain.jsonl", [{"text": "Paris promet des troupes.", "label": "committed"},
                                               {"text": "Rien.", "label": "none"}])
    assert check_data([f]).ok


def test_check_missing_path_is_an_error(tmp_path):
    with pytest.raises(StanceError, match="no such file"):
        check_data([tmp_path / "nope.jsonl"])


# --------------------------------------------------------------------------- round trips

@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "csv"])
def test_export_then_import_round_trip(tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    assert export_annotations(ROWS, fmt, out) == len(ROWS)
    back = import_annotations(fmt, out)
    assert [(r["text"], r["label"], r["holder"]) for r in back] == \
        [(r["text"], r["label"], r["holder"]) for r in ROWS]
    assert all(r["lang"] == "fr" for r in back)
    if fmt != "csv":
        assert [(r["doc_id"], r["index"]) for r in back] == [(r["doc_id"], r["index"]) for r in ROWS]
    # and the imported rows are valid project data
    project = write_jsonl(tmp_path / "imported.jsonl", back)
    assert len(read_sentences([project])) == len(ROWS)


def test_export_formats_look_like_the_tools_expect():
    buf = io.StringIO()
    export_annotations(ROWS[:1], "prodigy", buf)
    obj = json.loads(buf.getvalue())
    assert obj["answer"] == "accept" and obj["label"] == "committed"
    assert obj["meta"] == {"doc_id": "a1", "index": 0, "holder": "FRA", "lang": "fr"}
    buf = io.StringIO()
    export_annotations(ROWS[3:], "doccano", buf)
    obj = json.loads(buf.getvalue())
    assert obj["label"] == ["none"] and obj["holder"] is None
    buf = io.StringIO()
    export_annotations(ROWS, "csv", buf)
    table = list(csv.reader(io.StringIO(buf.getvalue())))
    assert table[0] == ["text", "label", "holder"] and table[4] == [ROWS[3]["text"], "none", ""]


def labelstudio_task(text, choices, **data):
    return {"id": 1, "data": {"text": text, **data},
            "annotations": [{"was_cancelled": False,
                             "result": [{"from_name": "stance", "to_name": "text", "type": "choices",
                                         "value": {"choices": choices}}]}]}


def test_import_labelstudio(tmp_path):
    tasks = [labelstudio_task(ROWS[0]["text"], ["committed", "FRA"], doc_id="a1", index=0),
             labelstudio_task(ROWS[3]["text"], ["none"]),
             {"id": 3, "data": {"text": "Pas encore annoté."}, "annotations": []},
             dict(labelstudio_task("Annulé.", ["none"]), annotations=[{"was_cancelled": True, "result": []}])]
    f = tmp_path / "export.json"
    f.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    rows = import_annotations("labelstudio", f)
    assert [(r["text"], r["label"], r["holder"]) for r in rows] == \
        [(ROWS[0]["text"], "committed", "FRA"), (ROWS[3]["text"], "none", None)]
    assert rows[0]["doc_id"] == "a1" and rows[0]["index"] == 0 and "doc_id" not in rows[1]
    assert rows.skipped == {"not annotated": 1, "cancelled": 1}


def test_import_labelstudio_error_names_the_line_of_the_task(tmp_path):
    tasks = [labelstudio_task("Un.", ["none"]), labelstudio_task("Deux.", ["peut-être"])]
    f = tmp_path / "export.json"
    text = json.dumps(tasks, indent=2)
    f.write_text(text, encoding="utf-8")
    second = text.count("\n", 0, text.index('{\n    "id": 1', text.index("Un."))) + 1
    with pytest.raises(StanceError) as err:
        import_annotations("labelstudio", f)
    assert err.value.line == second and str(err.value).startswith(f"{f}:{second}: unknown label 'peut-être'")


def test_import_prodigy_keeps_accepted_answers_and_counts_the_rest(tmp_path):
    f = write_jsonl(tmp_path / "prodigy.jsonl", [
        {"text": "Un.", "label": "none", "answer": "accept"},
        {"text": "Deux.", "label": "committed", "answer": "reject"},
        {"text": "Trois.", "label": "committed", "answer": "ignore"},
        {"text": "Quatre.", "options": [{"id": 0, "text": "committed"}, {"id": 1, "text": "conditional"}],
         "accept": [1], "answer": "accept", "meta": {"holder": "ITA", "doc_id": "x", "index": 3}},
    ])
    rows = import_annotations("prodigy", f)
    assert [(r["text"], r["label"], r["holder"]) for r in rows] == [("Un.", "none", None), ("Quatre.", "conditional", "ITA")]
    assert rows[1]["doc_id"] == "x" and rows[1]["index"] == 3
    assert rows.skipped == {"answer=reject": 1, "answer=ignore": 1}


@pytest.mark.parametrize("fmt,content,line", [
    ("prodigy", '{"text": "Un.", "label": "none", "answer": "accept"}\n\n{"text": "Deux.", "label": "non"\n', 3),
    ("doccano", '{"text": "Un.", "label": ["none"]}\n{"text": "Deux.", "label": ["none"],}\n', 2),
    ("csv", 'text,label\nUn.,none\n"Deux, trois.",none,FRA\n', 3),
])
def test_import_malformed_line_names_its_line(tmp_path, fmt, content, line):
    f = tmp_path / f"in.{fmt}"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(StanceError) as err:
        import_annotations(fmt, f)
    assert err.value.line == line and str(err.value).startswith(f"{f}:{line}: ")


@pytest.mark.parametrize("fmt,content,line", [
    ("prodigy", '{"text": "Un.", "label": "none", "answer": "accept"}\n{"text": "Deux.", "label": "Committed", "answer": "accept"}\n', 2),
    ("doccano", '{"text": "Un.", "label": ["none"]}\n{"text": "Deux.", "label": ["engagé"]}\n', 2),
    ("csv", 'text,label,holder\nUn.,none,\n"Deux, « trois ».",engagé,FRA\n', 3),
])
def test_import_unknown_label_names_file_and_line(tmp_path, fmt, content, line):
    f = tmp_path / f"in.{fmt}"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(StanceError, match="unknown label") as err:
        import_annotations(fmt, f)
    assert str(err.value).startswith(f"{f}:{line}: unknown label")


def test_import_doccano_needs_exactly_one_of_our_labels(tmp_path):
    f = write_jsonl(tmp_path / "d.jsonl", [{"text": "Un.", "label": ["committed", "conditional"]}])
    with pytest.raises(StanceError, match="exactly one label"):
        import_annotations("doccano", f)
    f = write_jsonl(tmp_path / "d.jsonl", [{"text": "Un.", "label": []}])
    with pytest.raises(StanceError, match=f"{f}:1: expected exactly one label"):
        import_annotations("doccano", f)


def test_import_unknown_holder_and_bad_csv_header(tmp_path):
    f = tmp_path / "h.csv"
    f.write_text("text,label,holder\nUn.,committed,XYZ\n", encoding="utf-8")
    with pytest.raises(StanceError, match=f"{f}:2: unknown holder code 'XYZ'"):
        import_annotations("csv", f)
    f.write_text("sentence,label\nUn.,none\n", encoding="utf-8")
    with pytest.raises(StanceError, match=f"{f}:1: the header has no 'text' column"):
        import_annotations("csv", f)


# --------------------------------------------------------------------------- CLI

def test_cli_check_ok_prints_the_table(tmp_path, monkeypatch):
    make_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)  # default: data/annotations/*.jsonl
    result = CliRunner().invoke(cli, ["data", "check"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0].split() == ["split", "articles", "committed", "conditional", "pending_us", "none", "total"]
    assert any(line.split() == ["train", "2", "1", "1", "1", "1", "4"] for line in out.splitlines())
    assert any(line.split()[:1] == ["holder"] for line in out.splitlines())
    assert any(line.split()[:1] == ["maritime"] for line in out.splitlines())
    assert "no problems" in result.stderr


def test_cli_check_problems_exit_1_with_file_line_on_stderr(tmp_path):
    ann = make_corpus(tmp_path)
    dev = ann / "dev.jsonl"
    write_jsonl(dev, [*lines_of(dev), "[1, 2]"])
    result = CliRunner().invoke(cli, ["data", "check", str(ann)])
    assert result.exit_code == 1
    assert f"{dev}:3: expected a JSON object" in result.stderr.splitlines()
    assert str(dev) not in result.stdout


def test_cli_check_without_data_here_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["data", "check"])
    assert result.exit_code == 1 and "data/annotations" in result.stderr


def test_cli_import_and_export(tmp_path):
    runner = CliRunner()
    src = write_jsonl(tmp_path / "corpus.jsonl", ROWS)
    exported = runner.invoke(cli, ["data", "export", "--to", "doccano", str(src)])
    assert exported.exit_code == 0, exported.output
    assert len(exported.stdout.splitlines()) == len(ROWS) and "exported 4" in exported.stderr
    doccano = tmp_path / "doccano.jsonl"
    doccano.write_text(exported.stdout + '{"text": "Rejeté ?", "label": ["FRA"]}\n', encoding="utf-8")
    bad = runner.invoke(cli, ["data", "import", "--from", "doccano", str(doccano)])
    assert bad.exit_code == 1 and f"{doccano}:5: expected exactly one label" in bad.stderr
    doccano.write_text(exported.stdout, encoding="utf-8")
    out = tmp_path / "out" / "imported.jsonl"
    imported = runner.invoke(cli, ["data", "import", "--from", "doccano", str(doccano), "-o", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "imported 4 sentences" in imported.stderr and "skipped 0" in imported.stderr
    assert [(r["text"], r["label"], r["holder"]) for r in lines_of(out)] == \
        [(r["text"], r["label"], r["holder"]) for r in ROWS]
    to_stdout = runner.invoke(cli, ["data", "import", "--from", "doccano", str(doccano), "-o", "-"])
    assert to_stdout.stdout == out.read_text(encoding="utf-8")


def test_cli_export_csv_to_a_file_from_a_directory(tmp_path):
    ann = make_corpus(tmp_path)
    out = tmp_path / "corpus.csv"
    result = CliRunner().invoke(cli, ["data", "export", "--to", "csv", "-o", str(out), str(ann)])
    assert result.exit_code == 0, result.output
    rows = import_annotations("csv", out)
    assert len(rows) == 6 and {r["label"] for r in rows} == {"committed", "conditional", "pending_us", "none"}
