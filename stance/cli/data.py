"""``stance data``: check annotation files, import annotations from other tools, export
the corpus to them."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .. import LABELS
from ..datatools import EXPORT_FORMATS as _EXPORT
from ..datatools import IMPORT_FORMATS as _IMPORT
_DEFAULT_DIR = Path("data") / "annotations"


@click.group("data")
def data_group() -> None:
    """Check, import and export annotated sentences."""


@data_group.command("check")
@click.argument("paths", nargs=-1)
@click.option("--articles", "articles_dir", default=None, metavar="DIR",
              help="Article texts for the offset check (default: an articles/ directory "
                   "beside the annotations' directory).")
@click.pass_context
def check_cmd(ctx: click.Context, paths: tuple[str, ...], articles_dir: str | None) -> None:
    """Validate annotation files (files or directories of *.jsonl; default
    data/annotations/*.jsonl) and print counts per split, holder and topic.

    Problems go to standard error as file:line: message; the exit status is 1 if there
    is any."""
    from ..datatools import check_data
    from ..errors import StanceError

    if not paths:
        if not _DEFAULT_DIR.is_dir():
            raise StanceError(f"no annotation files given and no {_DEFAULT_DIR}/ here")
        paths = (str(_DEFAULT_DIR),)
    report = check_data(list(paths), articles_dir=articles_dir)
    click.echo(format_counts(report.counts), nl=False)
    for problem in report.problems:
        click.echo(problem, err=True)
    c = report.counts
    summary = f"{c['sentences']} sentences, {c['articles']} articles, {c['files']} files"
    if report.ok:
        click.echo(f"ok: {summary}, no problems", err=True)
    else:
        n = len(report.problems)
        click.echo(f"{n} problem{'s' if n != 1 else ''} in {summary}", err=True)
        ctx.exit(1)


@data_group.command("import")
@click.option("--from", "fmt", type=click.Choice(_IMPORT), required=True, help="The tool that wrote FILE.")
@click.argument("file")
@click.option("-o", "--output", default="-", show_default=True, help="Output JSONL ('-': standard output).")
def import_cmd(fmt: str, file: str, output: str) -> None:
    """Convert an annotation export (Prodigy or doccano JSONL, Label Studio JSON, CSV
    with text,label[,holder]) into the project's sentence JSONL."""
    from ..datatools import import_annotations
    from ..io import open_output

    rows = import_annotations(fmt, file)
    with open_output(output) as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    skipped = sum(rows.skipped.values())
    detail = ", ".join(f"{n} {reason}" for reason, n in sorted(rows.skipped.items()))
    click.echo(f"imported {len(rows)} sentence{'s' if len(rows) != 1 else ''} from {file}; "
               f"skipped {skipped}" + (f" ({detail})" if detail else ""), err=True)


@data_group.command("export")
@click.option("--to", "fmt", type=click.Choice(_EXPORT), required=True, help="The tool to write for.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-': standard output).")
@click.argument("paths", nargs=-1, required=True)
def export_cmd(fmt: str, output: str, paths: tuple[str, ...]) -> None:
    """Write annotated sentences (JSONL files or directories of *.jsonl) for Prodigy,
    doccano or a spreadsheet (CSV text,label,holder)."""
    from ..corpus import read_sentences
    from ..datatools import annotation_files, export_annotations

    rows = read_sentences(annotation_files(paths))
    n = export_annotations(rows, fmt, output)
    click.echo(f"exported {n} sentence{'s' if n != 1 else ''} as {fmt}"
               + ("" if output == "-" else f" to {output}"), err=True)


def format_counts(counts: dict) -> str:
    """The counts of a :class:`~stance.datatools.CheckReport` as plain-text tables."""
    parts = [
        _table("split", counts["split"], articles=counts["articles_per_split"], articles_total=counts["articles"]),
        _table("holder", counts["holder"]),
    ]
    if counts["topic"]:
        parts.append(_table("topic", counts["topic"]))
    return "\n".join(parts)


def _table(name: str, rows: dict[str, dict[str, int]], articles: dict[str, int] | None = None,
           articles_total: int = 0) -> str:
    header = [name] + (["articles"] if articles is not None else []) + list(LABELS) + ["total"]
    body = []
    totals = {label: 0 for label in LABELS}
    for key, by_label in rows.items():
        for label in LABELS:
            totals[label] += by_label[label]
        body.append([key] + ([str(articles.get(key, 0))] if articles is not None else [])
                    + [str(by_label[label]) for label in LABELS] + [str(sum(by_label.values()))])
    foot = ["total"] + ([str(articles_total)] if articles is not None else []) \
        + [str(totals[label]) for label in LABELS] + [str(sum(totals.values()))]
    widths = [max(len(r[i]) for r in [header, *body, foot]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *map(line, body), rule, line(foot)]) + "\n"
