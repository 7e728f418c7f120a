"""``stance classify``: label every sentence of articles."""
from __future__ import annotations

import csv
import json
import sys

import click

from ._common import jobs_option, model_option, progress, trust_option

FIELDS = ["doc_id", "date", "index", "start", "end", "label", "confidence", "holder", "source", "source_text",
          "cues", "probabilities", "text"]


def _rows(inputs, model_path, trust, min_confidence, jobs=1):
    from ..articles import expand_inputs, iter_articles
    from ..classify import classify_articles
    from ..model import load_model

    model = load_model(model_path, trust=trust)
    files = expand_inputs(inputs)
    articles = progress(iter_articles(files), len(files), "classifying")
    return classify_articles(articles, model, min_confidence, jobs=jobs)


def write_jsonl(rows, out) -> None:
    for r in rows:
        r = {k: r[k] for k in FIELDS if k in r} | ({"best_guess": r["best_guess"]} if r["label"] == "uncertain" else {})
        out.write(json.dumps(r, ensure_ascii=False) + "\n")


def write_csv(rows, out) -> None:
    w = csv.writer(out)
    w.writerow(FIELDS + ["best_guess"])
    for r in rows:
        w.writerow([json.dumps(r[k], ensure_ascii=False) if k == "probabilities" else
                    ";".join(r[k]) if k == "cues" else r.get(k) for k in FIELDS] + [r["best_guess"]])


def write_table(rows, out) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..report import _COLORS

    console = Console(file=out, force_terminal=out.isatty() if hasattr(out, "isatty") else False,
                      width=None if out.isatty() else 140)
    current, counts, table = None, {}, None

    def flush():
        if table is None:
            return
        console.print(table)
        console.print("  " + "  ".join(f"[{_COLORS.get(k, 'white')}]{k}[/]: {v}" for k, v in sorted(counts.items()))
                      + "\n")

    for r in rows:
        if r["doc_id"] != current:
            flush()
            current, counts = r["doc_id"], {}
            table = Table(title=f"{r['doc_id']}" + (f"  ({r['date']})" if r["date"] else ""), show_lines=True,
                          title_justify="left", expand=True)
            for col, kw in (("#", {"width": 3}), ("sentence", {"ratio": 6}), ("label", {"width": 12}),
                            ("conf.", {"width": 5}), ("holder", {"width": 9}), ("source", {"width": 9}),
                            ("cues", {"ratio": 2})):
                table.add_column(col, overflow="fold", **kw)
        counts[r["label"]] = counts.get(r["label"], 0) + 1
        color = _COLORS.get(r["label"], "white")
        table.add_row(str(r["index"]), " ".join(r["text"].split()), f"[bold {color}]{r['label']}[/]",
                      f"{r['confidence']:.2f}", r.get("holder") or "—", r.get("source") or "—", ", ".join(r["cues"]))
    flush()


@click.command("classify")
@click.argument("inputs", nargs=-1, required=True)
@model_option
@trust_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-': standard output).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Below this confidence the label is 'uncertain' (the best guess is kept).")
@jobs_option
def classify_cmd(inputs, model_path, trust, fmt, output, min_confidence, jobs) -> None:
    """Label every sentence of INPUTS (files, directories of *.txt, or - for stdin)
    as committed, conditional, pending_us or none, with its holder and cues."""
    from ..io import open_output

    if fmt is None:
        fmt = "table" if output == "-" and sys.stdout.isatty() else "jsonl"
    rows = _rows(list(inputs), model_path, trust, min_confidence, jobs)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}[fmt]
    with open_output(output) as out:
        writer(rows, out)
