"""``stance summarize``: the actor × stance view across articles and dates."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from ._common import jobs_option, model_option, trust_option


def _is_classified(item: str) -> bool:
    """Classify output (a JSONL file whose first row has a ``label``, or a directory of
    shard parts), as opposed to articles (files, directories, JSONL archives of articles)."""
    p = Path(item)
    if p.is_dir():
        return any(p.glob("part-*.jsonl"))
    if not item.lower().endswith(".jsonl"):
        return False
    try:
        with open(p, encoding="utf-8-sig") as fh:
            first = next((line for line in fh if line.strip()), "")
        return '"label"' in first
    except (OSError, UnicodeDecodeError):
        return True  # let the reader report the problem with the file's name


def _rows(inputs, model_path, trust, jobs=1):
    """Classified rows: from classify JSONL output (files or shard directories) as they
    are, from articles by classifying them."""
    from ..summarize import read_classified

    classified = [i for i in inputs if _is_classified(i)]
    articles = [i for i in inputs if i not in classified]
    for item in classified:
        yield from read_classified(item)
    if articles:
        from ..articles import iter_articles
        from ..classify import classify_articles
        from ..model import load_model

        yield from classify_articles(iter_articles(articles), load_model(model_path, trust=trust), jobs=jobs)


@click.command("summarize")
@click.argument("inputs", nargs=-1, required=True)
@model_option
@trust_option
@click.option("--by", "by", type=click.Choice(["actor", "date", "actor,date"]), default="actor", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-': standard output).")
@click.option("--chart", "chart_path", default=None, metavar="FILE.png", help="Also draw the summary as a PNG chart.")
@jobs_option
def summarize_cmd(inputs, model_path, trust, by, fmt, output, chart_path, jobs) -> None:
    """Count stances per actor (and/or article date) across INPUTS: articles (files,
    directories, JSONL archives of articles, -) are classified first; classify JSONL output and sharded output
    directories are read as they are."""
    from ..io import open_output
    from ..summarize import chart, summarize_rows

    keys = tuple(by.split(","))
    summary = summarize_rows(_rows(list(inputs), model_path, trust, jobs), by=keys)
    with open_output(output) as out:
        if fmt == "json":
            out.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        elif fmt == "csv":
            if summary:
                w = csv.DictWriter(out, fieldnames=list(summary[0]))
                w.writeheader()
                w.writerows(summary)
        else:
            _table(summary, keys, out)
    if chart_path:
        chart(summary, keys, chart_path)
        click.echo(f"wrote {chart_path}", err=True)


def _table(summary, keys, out) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..report import _COLORS

    labels = [k for k in ("committed", "conditional", "pending_us", "none") if summary and k in summary[0]]
    t = Table(title="stance by " + " and ".join(keys), title_justify="left")
    for k in keys:
        t.add_column(k)
    for lab in labels:
        t.add_column(f"[{_COLORS[lab]}]{lab}[/]", justify="right")
    t.add_column("total", justify="right")
    t.add_column("articles", justify="right")
    for r in summary:
        t.add_row(*[str(r[k]) for k in keys],
                  *[f"{r[lab]} ({r[f'share_{lab}']:.0%})" for lab in labels], str(r["total"]), str(r["articles"]))
    Console(file=out, width=None if out.isatty() else 120).print(t)
