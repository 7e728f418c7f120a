"""``stance train``: grouped cross-validation, fit, save the model and its card."""
from __future__ import annotations

import click

from ..model import DEFAULT_MODEL


# the names of ``train.CANDIDATES``, not imported here so that ``stance --help`` stays fast
# (tests/test_cli_commands.py checks that the two agree)
CLASSIFIERS = ("logreg", "svm")


def _candidates(value: str | None) -> list[str] | None:
    """``--candidates logreg,svm`` as a list, refused as a usage error (exit 2) before any
    data is read when it names a classifier stance does not have."""
    if not value:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in CLASSIFIERS]
    if bad or not names:
        raise click.BadParameter(f"unknown classifier {bad[0]!r} (choose from {', '.join(CLASSIFIERS)})" if bad
                                 else "name at least one classifier")
    return names


@click.command("train")
@click.option("--data", "data", multiple=True, required=True, metavar="PATH",
              help="Annotated sentence JSONL (repeat for several files).")
@click.option("--test", "test", multiple=True, metavar="PATH", help="Held-out JSONL scored after fitting (repeatable).")
@click.option("--out", default=str(DEFAULT_MODEL), show_default=True, help="Model file to write.")
@click.option("--seed", default=13, show_default=True, type=int, help="Random seed.")
@click.option("--candidates", default=None, callback=lambda ctx, param, value: _candidates(value),
              help="Comma-separated classifiers to compare by grouped CV; the best is shipped "
                   f"(default: svm; choose from {', '.join(CLASSIFIERS)}).")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20), help="Grouped CV folds.")
@click.option("--jobs", default=None, type=click.IntRange(1, 64), metavar="N",
              help="Processes fitting the cross-validation folds [default: the number of cores]; "
                   "the model does not depend on it.")
@click.option("--holder-prior", is_flag=True,
              help="Also learn which kind of actor the words of a sentence point to, as evidence for the holder "
                   "ranker: better holders on articles like the training data, worse on others (see "
                   "docs/evaluation.md); off for the shipped model.")
@click.option("--none-weight", default=None, type=click.FloatRange(0.05, 1.0), metavar="W",
              help="Weight of the probability of 'none' when a label is chosen: below 1, sentences that may "
                   "report a stance are read as stances more often [default: 0.8; see docs/evaluation.md].")
@click.option("--context", is_flag=True,
              help="Also give each sentence what the sentence before it in its article says (its cue categories, "
                   "whether it is a question; rows ordered by doc_id and index): measured, not better on this "
                   "corpus; off for the shipped model (see docs/evaluation.md).")
def train_cmd(data, test, out, seed, candidates, folds, jobs, holder_prior, none_weight, context) -> None:
    """Train a stance model on annotated sentences and save it with its metadata."""
    import os

    from ..train import NONE_WEIGHT, train

    train(list(data), out, seed=seed, test=list(test), folds=folds, holder_prior=holder_prior, context=context,
          none_weight=NONE_WEIGHT if none_weight is None else none_weight,
          candidates=candidates,
          log=lambda msg: click.echo(msg, err=True), jobs=jobs or min(os.cpu_count() or 1, folds))
