"""``stance segment``: cut articles into sentences."""
from __future__ import annotations

import json

import click

from ..articles import iter_articles
from ..io import open_output


def segment(inputs: list[str]):
    """Yield ``(article, sentences)`` for every input article."""
    for article in iter_articles(inputs):
        yield article, article.sentences()


@click.command("segment")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help="text: one sentence a line; jsonl: one object a line with offsets.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-': standard output).")
def segment_cmd(inputs: tuple[str, ...], fmt: str, output: str) -> None:
    """Cut the INPUTS (files, directories of *.txt, JSONL archives of articles, or -
    for standard input) into sentences, with the rules for French and English wire copy."""
    with open_output(output) as out:
        first = True
        for article, sentences in segment(list(inputs)):
            if fmt == "jsonl":
                for s in sentences:
                    out.write(json.dumps(s.as_dict(), ensure_ascii=False) + "\n")
            else:
                if not first:
                    out.write("\n")
                for s in sentences:
                    out.write(" ".join(s.text.split()) + "\n")
            first = False
