"""Options and helpers shared by the commands."""
from __future__ import annotations

import sys

import click

model_option = click.option("--model", "model_path", default=None, metavar="PATH",
                            help="Model file (default: the shipped models/stance-fr.joblib).")
jobs_option = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
                           help="Worker processes (each loads spaCy and the model once).")
trust_option = click.option("--trust", is_flag=True,
                            help="Trust this model file (remembered): loading a joblib file runs code from it.")


def progress(iterable, total: int | None, label: str):
    """A progress bar on standard error, only when it is a terminal."""
    if not sys.stderr.isatty() or (total is not None and total < 2):
        yield from iterable
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in iterable:
            yield item
            bar.advance(task)
