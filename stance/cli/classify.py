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
@click.option("--scheduler", default=None, metavar="ADDRESS|local[:N]",
              help="Classify in shards on a Dask cluster (pip install 'stance[dask]'): a scheduler address, or "
                   "local[:N] for N worker processes on this machine (default: one per core). Needs --output-dir.")
@click.option("--output-dir", default=None, metavar="DIR",
              help="With --scheduler: write DIR/part-NNNNN.jsonl and DIR/manifest.json; a rerun resumes.")
@click.option("--shard-size", type=click.IntRange(1), default=50, show_default=True,
              help="With --scheduler: articles per shard (one Dask task each).")
def classify_cmd(inputs, model_path, trust, fmt, output, min_confidence, jobs, scheduler, output_dir,
                 shard_size) -> None:
    """Label every sentence of INPUTS (files, directories of *.txt, JSONL archives of
    articles, or - for stdin) as committed, conditional, pending_us or none, with its
    holder and cues."""
    from ..io import open_output

    if scheduler is not None or output_dir is not None:
        _sharded(list(inputs), model_path, trust, fmt, output, min_confidence, jobs, scheduler, output_dir,
                 shard_size)
        return
    if fmt is None:
        fmt = "table" if output == "-" and sys.stdout.isatty() else "jsonl"
    rows = _rows(list(inputs), model_path, trust, min_confidence, jobs)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}[fmt]
    with open_output(output) as out:
        writer(rows, out)


def _sharded(inputs, model_path, trust, fmt, output, min_confidence, jobs, scheduler, output_dir, shard_size) -> None:
    """``--scheduler``: shards on a Dask cluster, parts in ``--output-dir``; exit 1 if a
    shard failed (one line per failed shard on standard error)."""
    if scheduler is None:
        raise click.UsageError("--output-dir needs --scheduler (local, local:N or a scheduler address)")
    if output_dir is None:
        raise click.UsageError("--scheduler needs --output-dir DIR (the part files and the manifest go there)")
    if fmt not in (None, "jsonl"):
        raise click.UsageError("--scheduler writes JSONL parts: --format must be jsonl")
    if output != "-":
        raise click.UsageError("--scheduler writes to --output-dir, not -o")
    if jobs != 1:
        raise click.UsageError("--jobs does not apply with --scheduler (use local:N)")
    from ..distributed import run_sharded

    progress = _ShardProgress()
    try:
        report = run_sharded(inputs, output_dir, scheduler=scheduler, model_path=model_path, trust=trust,
                             min_confidence=min_confidence, shard_size=shard_size, progress=progress)
    except KeyboardInterrupt:
        progress.close()
        click.echo(f"stance: run the same command again to resume ({output_dir}/manifest.json records the "
                   "finished shards)", err=True)
        raise
    finally:
        progress.close()
    if report["settings_changed"]:
        click.echo(f"stance: the model, settings or versions differ from the previous run in {report['output_dir']}: "
                   "every shard was redone", err=True)
    for f in report["failures"]:
        click.echo(f"stance: error: {f['part']} failed: {f['error']}", err=True)
    click.echo(f"stance: {report['ok']}/{report['shards']} shards ok ({report['reused']} reused, "
               f"{report['failed']} failed): {report['articles']} articles, {report['sentences']} sentences "
               f"in {report['output_dir']} ({report['seconds']:.1f} s)", err=True)
    if report["failed"]:
        click.get_current_context().exit(1)


class _ShardProgress:
    """Progress of the shards' futures on standard error: a bar on a terminal, otherwise
    a line about every tenth of the run."""

    def __init__(self):
        self.bar = self.task = None
        self.step = 1

    def __call__(self, done, total, summary) -> None:
        if summary is None:  # the start: ``done`` shards are reused
            if sys.stderr.isatty() and total - done > 1:
                from rich.console import Console
                from rich.progress import Progress

                self.bar = Progress(console=Console(stderr=True), transient=True)
                self.bar.start()
                self.task = self.bar.add_task("shards", total=total, completed=done)
            elif done:
                click.echo(f"stance: {done}/{total} shards already done", err=True)
            self.step = max(1, total // 10)
            return
        if self.bar is not None:
            self.bar.update(self.task, completed=done)
        elif done % self.step == 0 or done == total or summary.get("status") != "ok":
            click.echo(f"stance: {done}/{total} shards done ({summary['part']} {summary['status']})", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
