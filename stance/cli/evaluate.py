"""``stance evaluate``: scores on annotated sentences, as text, JSON or an HTML report."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ._common import jobs_option, model_option, trust_option


@click.command("evaluate")
@click.option("--data", "data", multiple=True, required=True, metavar="PATH", help="Annotated sentence JSONL.")
@model_option
@trust_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--report", "report_dir", default=None, metavar="DIR", help="Write metrics.json and report.html here.")
@jobs_option
def evaluate_cmd(data, model_path, trust, fmt, report_dir, jobs) -> None:
    """Score a model on annotated sentences (per-label P/R/F1, macro-F1, confusion,
    holder accuracy, calibration)."""
    from ..evaluate import evaluate
    from ..io import atomic_write
    from ..model import load_model
    from ..report import html_report, text_report

    model = load_model(model_path, trust=trust)
    metrics, rows = evaluate(list(data), model, jobs=jobs)
    if fmt == "json":
        click.echo(json.dumps(metrics, ensure_ascii=False, indent=1))
    else:
        click.echo(text_report(metrics), nl=False)
    if report_dir:
        d = Path(report_dir)
        with atomic_write(d / "metrics.json") as fh:
            json.dump(metrics, fh, ensure_ascii=False, indent=1)
        with atomic_write(d / "report.html") as fh:
            fh.write(html_report(metrics, rows, title=f"stance evaluation: {', '.join(data)}"))
        click.echo(f"wrote {d / 'metrics.json'} and {d / 'report.html'}", err=True)
