"""``stance model info | trust | export``: describe, trust and share model files."""
from __future__ import annotations

import json

import click

from ..model import DEFAULT_MODEL


@click.group("model")
def model_group() -> None:
    """Describe, trust and export model files."""


def describe(path: str) -> dict:
    """The model file's header (read without loading any code from it)."""
    from ..model import read_header

    return read_header(path)


@model_group.command("info")
@click.argument("path", default=str(DEFAULT_MODEL))
@click.option("--json", "as_json", is_flag=True, help="Print the whole header as JSON.")
def info_cmd(path: str, as_json: bool) -> None:
    """Describe a model file: labels, data, settings, versions and scores. Nothing in the
    file is unpickled to do so."""
    header = describe(path)
    if as_json:
        click.echo(json.dumps(header, ensure_ascii=False, indent=1))
        return
    meta = header.get("meta", {})
    data = meta.get("data", {})
    test = meta.get("test") or {}
    cv = meta.get("cv", {}).get(meta.get("classifier"), {})
    lines = [
        f"model         {path}",
        f"format        {header.get('format_version')} (stance {header.get('stance_version')}), payload sha256 {header.get('payload_sha256', '')[:16]}…",
        f"labels        {', '.join(meta.get('labels', []))}",
        f"classifier    {meta.get('classifier')}  seed {meta.get('seed')}  trained {meta.get('trained_at')}",
        f"none weight   {meta.get('params', {}).get('none_weight', 1.0)} (the probability of none, weighed when a label is chosen)",
        f"context       {'the preceding sentence of the article is read with each sentence' if meta.get('params', {}).get('context') else 'none (each sentence alone)'}",
        f"data          {data.get('sentences')} sentences, {data.get('articles')} articles, sha256 {str(data.get('sha256'))[:16]}…",
        f"              {', '.join(data.get('files', []))}",
        *([f"languages     {', '.join(f'{k} {v}' for k, v in data['languages'].items())} sentences"]
          if data.get("languages") else []),
        f"cv macro-F1   {cv.get('macro_f1', float('nan')):.3f} (grouped by article)"
        + "".join(f"; {lang} {f1:.3f}" for lang, f1 in (cv.get("by_language") or {}).items()),
    ]
    if test:
        lines.append(f"test macro-F1 {test['macro_f1']:.3f}  accuracy {test['accuracy']:.3f}  ECE {test.get('ece', 0):.3f}  (n {test['n']})")
    hcv = meta.get("holder_cv")
    if hcv:
        lines.append(f"holders       ranker {hcv['accuracy']:.3f}, rules alone {hcv['rules_accuracy']:.3f}"
                     f" (grouped CV, gold labels, n {hcv['n']})"
                     + (f"; {hcv['end_to_end']:.3f} end to end" if hcv.get("end_to_end") is not None else "")
                     + ("; with the holder-type prior" if meta.get("holder_prior") else ""))
    if test and test.get("holder_accuracy") is not None:
        lines.append(f"test holders  {test['holder_accuracy']:.3f} end to end, {test['holder_accuracy_gold_labels']:.3f}"
                     " with gold labels")
    vers = meta.get("versions", {})
    lines.append("versions      " + ", ".join(f"{k} {v}" for k, v in vers.items()))
    click.echo("\n".join(lines))


@model_group.command("trust")
@click.argument("path")
def trust_cmd(path: str) -> None:
    """Trust a joblib model file from someone else (loading it runs code from it)."""
    from ..model import load_model

    load_model(path, trust=True, estimator=True)
    click.echo(f"trusted {path}", err=True)


@model_group.command("export")
@click.argument("path", default=str(DEFAULT_MODEL))
@click.option("--format", "fmt", type=click.Choice(["skops"]), default="skops", show_default=True)
@click.option("-o", "--out", required=True, help="Output file (.skops).")
@click.option("--trust", is_flag=True, help="Trust PATH if this installation did not train it.")
def export_cmd(path: str, fmt: str, out: str, trust: bool) -> None:
    """Export a model in skops' format, which others can load without running code."""
    from ..model import load_model
    from ..sharing import export_skops

    export_skops(load_model(path, trust=trust, estimator=True), out)
    click.echo(f"wrote {out}", err=True)
