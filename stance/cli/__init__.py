"""The ``stance`` command line: a thin layer over the library.

Every command module defines a click command that parses options, calls a plain library
function and reports. Nothing heavy (spaCy, scikit-learn, a model) is imported here, so
``stance --help`` stays fast.
"""
from __future__ import annotations

import importlib
import os
import sys

import click

from .. import __version__

_COMMANDS = {
    "segment": ("stance.cli.segment", "segment_cmd", "Cut articles into sentences."),
    "classify": ("stance.cli.classify", "classify_cmd", "Label every sentence of articles."),
    "train": ("stance.cli.train", "train_cmd", "Train a model on annotated sentences."),
    "evaluate": ("stance.cli.evaluate", "evaluate_cmd", "Score a model on annotated sentences."),
    "summarize": ("stance.cli.summarize", "summarize_cmd", "Actor x stance counts across articles and dates."),
    "data": ("stance.cli.data", "data_group", "Check, import and export annotated data."),
    "model": ("stance.cli.model", "model_group", "Describe, trust and export model files."),
    "actors": ("stance.cli.actors", "actors_cmd", "List the actor codes and their names."),
}


class _LazyGroup(click.Group):
    """Import each command's module only when that command runs; turn library errors
    into one-line messages with exit status 1."""

    def list_commands(self, ctx):
        return sorted(_COMMANDS)

    def get_command(self, ctx, name):
        if name not in _COMMANDS:
            return None
        module, attr, _ = _COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, _COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        from ..errors import StanceError

        debug = bool(os.environ.get("STANCE_DEBUG")) or bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except StanceError as exc:
            if debug:
                raise
            click.echo(f"stance: error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("stance: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # the reader went away (e.g. `| head`): stop quietly
            try:
                sys.stdout = open(os.devnull, "w")
            finally:
                ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except MemoryError:
            click.echo("stance: error: out of memory", err=True)
            ctx.exit(1)
        except Exception as exc:  # a bug: one line, the traceback with --debug
            if debug:
                raise
            click.echo(f"stance: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
            ctx.exit(1)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="stance")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
def cli(debug: bool) -> None:
    """Label the sentences of news articles by the stance an actor takes on security
    commitments: committed, conditional, pending_us or none."""


def main() -> None:
    cli(prog_name="stance")
