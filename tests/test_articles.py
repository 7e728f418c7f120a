"""Reading articles as users have them, and refusing bad input with a clear error."""
import pytest

from stance.articles import expand_inputs, parse_article, read_article
from stance.errors import StanceError

BODY = "Le Canada enverra des formateurs. « Nous serons là », a dit le ministre."


@pytest.mark.parametrize("raw,date", [
    (f" date 2025-09-03 {BODY}", "2025-09-03"),                 # the seed's style
    (f"date 2024-01-31\n\n{BODY}\n", "2024-01-31"),             # own line
    (f"\ufeffdate 2026-02-28\r\n\r\n{BODY}\r\n", "2026-02-28"),  # BOM + CRLF
    (BODY, None),                                                # no date
])
def test_date_is_metadata_never_a_sentence(tmp_path, raw, date):
    path = tmp_path / "a1.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = read_article(path)
    assert article.doc_id == "a1"
    assert article.date == date
    texts = [s.text for s in article.sentences()]
    assert texts == ["Le Canada enverra des formateurs.", "« Nous serons là », a dit le ministre."]
    for s in article.sentences():
        assert article.text[s.start:s.end] == s.text


def test_nbsp_thin_spaces_and_crlf_paragraphs(tmp_path):
    raw = "date 2025-03-02\r\nPremier\u00a0paragraphe\u202f!\r\n\r\nSecond\u2009paragraphe."
    (tmp_path / "x.txt").write_bytes(raw.encode())
    sents = read_article(tmp_path / "x.txt").sentences()
    assert [s.text for s in sents] == ["Premier\u00a0paragraphe\u202f!", "Second\u2009paragraphe."]


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"),
    (b"  \n\t\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ("Caf\u00e9 cr\u00e8me.".encode("latin-1"), "byte offset 3"),
    ("date 2025-09-03\nTexte.".encode("utf-16"), "UTF-16 text, not UTF-8"),
    (b"date 2025-13-40\nTexte.", "not a calendar date"),
    (b"date 03/09/2025 Texte.", "malformed date line"),
    (b"date 2025-09-03\n   \n", "no text"),
])
def test_bad_input_gets_one_line_error_naming_the_file(tmp_path, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(StanceError) as err:
        read_article(path)
    message = str(err.value)
    assert needle in message and str(path) in message and "\n" not in message


def test_missing_file_and_empty_directory(tmp_path):
    with pytest.raises(StanceError, match="no such file"):
        expand_inputs([str(tmp_path / "nope.txt")])
    with pytest.raises(StanceError, match="no articles"):
        expand_inputs([str(tmp_path)])


def test_directory_expands_to_sorted_txt_files(tmp_path):
    for name in ["b.txt", "a.txt", "c.md"]:
        (tmp_path / name).write_text(BODY)
    assert [p.rsplit("/", 1)[-1] for p in expand_inputs([str(tmp_path)])] == ["a.txt", "b.txt"]


def test_parse_article_from_string():
    article = parse_article("date 2025-01-02 Un. Deux.", "doc")
    assert article.date == "2025-01-02" and len(article.sentences()) == 2


def test_jsonl_archive_reads_like_the_article_files(tmp_path):
    import json

    from stance.articles import iter_articles

    texts = {"a1": "date 2025-03-02\n\nLondres enverra des troupes.\n", "a2": "Rome hésite. Berlin attend Washington.\n"}
    for k, t in texts.items():
        (tmp_path / f"{k}.txt").write_text(t, encoding="utf-8")
    archive = tmp_path / "wire.jsonl"
    archive.write_text(json.dumps({"doc_id": "a1", "date": None, "text": texts["a1"]}) + "\n\n"
                       + json.dumps({"doc_id": "a2", "date": "2025-04-01", "text": texts["a2"]}) + "\n", encoding="utf-8")
    from_files = list(iter_articles([str(tmp_path / "a1.txt"), str(tmp_path / "a2.txt")]))
    from_archive = list(iter_articles([str(archive)]))
    assert [a.doc_id for a in from_archive] == ["a1", "a2"]
    assert [a.body for a in from_archive] == [a.body for a in from_files]
    assert [a.date for a in from_archive] == ["2025-03-02", "2025-04-01"]  # a date field wins over none in the text
    archive.write_text(json.dumps({"doc_id": "a1", "text": "Ok."}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(StanceError) as err:
        list(iter_articles([str(archive)]))
    assert str(err.value).startswith(f"{archive}:2:")


def test_utf16_annotations_are_named_as_such(tmp_path):
    from stance.corpus import read_sentences

    path = tmp_path / "rows.jsonl"
    path.write_bytes('{"text": "Un.", "label": "none"}\n'.encode("utf-16"))
    with pytest.raises(StanceError) as err:
        read_sentences([path])
    assert "UTF-16 text, not UTF-8" in str(err.value) and str(path) in str(err.value)
