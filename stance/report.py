"""Reports people would rather look at than read: the text summary of an evaluation,
the self-contained HTML report (confusion heatmap, per-label bars, reliability diagram,
most confident errors) and the model card."""
from __future__ import annotations

import base64
import html
import io
import json
from typing import Sequence

from . import LABELS

__all__ = ["text_report", "html_report", "model_card", "reliability_bins"]


def text_report(m: dict) -> str:
    lines = [f"{'label':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for lab in m["confusion"]["labels"]:
        p = m["per_label"][lab]
        lines.append(f"{lab:<12} {p['precision']:>9.3f} {p['recall']:>7.3f} {p['f1']:>6.3f} {p['support']:>8d}")
    lines.append("")
    lines.append(f"accuracy {m['accuracy']:.3f}   macro-F1 {m['macro_f1']:.3f}   n {m['n']}"
                 + (f"   ECE {m['ece']:.3f}" if m.get("ece") is not None else ""))
    if m.get("holder_accuracy") is not None:
        lines.append(f"holder accuracy {m['holder_accuracy']:.3f} (n {m.get('holder_n')})"
                     + (f"   source accuracy {m['source_accuracy']:.3f} (n {m.get('source_n')})"
                        if m.get("source_accuracy") is not None else ""))
    lines.append("")
    labs = m["confusion"]["labels"]
    width = max(len(x) for x in labs) + 2
    lines.append("confusion (rows = gold, columns = predicted)")
    lines.append(" " * width + "".join(f"{lab[:11]:>12}" for lab in labs))
    for lab, row in zip(labs, m["confusion"]["matrix"]):
        lines.append(f"{lab:<{width}}" + "".join(f"{v:>12d}" for v in row))
    return "\n".join(lines) + "\n"


def reliability_bins(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> list[dict]:
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo < c <= hi or (b == 0 and c == 0)]
        if idx:
            out.append({"lo": lo, "hi": hi, "n": len(idx),
                        "confidence": sum(confidences[i] for i in idx) / len(idx),
                        "accuracy": sum(bool(correct[i]) for i in idx) / len(idx)})
    return out


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


_COLORS = {"committed": "#1b7837", "conditional": "#e08214", "pending_us": "#2166ac", "none": "#969696",
           "uncertain": "#bdbdbd"}


def _figures(m: dict, rows: list[dict]) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    labs = m["confusion"]["labels"]
    cm = np.array(m["confusion"]["matrix"], dtype=float)
    norm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    figs = {}
    fig, ax = plt.subplots(figsize=(5.2, 4.4))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labs)), labs, rotation=30, ha="right")
    ax.set_yticks(range(len(labs)), labs)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i in range(len(labs)):
        for j in range(len(labs)):
            ax.text(j, i, f"{int(cm[i, j])}\n{norm[i, j]:.0%}", ha="center", va="center",
                    color="white" if norm[i, j] > 0.55 else "black", fontsize=9)
    ax.set_title("Confusion matrix (row-normalised)")
    figs["confusion"] = _png(fig)

    fig, ax = plt.subplots(figsize=(6, 3.4))
    x = np.arange(len(labs))
    for k, (metric, off) in enumerate((("precision", -0.27), ("recall", 0), ("f1", 0.27))):
        vals = [m["per_label"][lab][metric] for lab in labs]
        bars = ax.bar(x + off, vals, width=0.26, label=metric, color=["#9ecae1", "#4292c6", "#08519c"][k])
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
    ax.set_xticks(x, labs)
    ax.set_ylim(0, 1.08)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"Per-label scores (macro-F1 {m['macro_f1']:.3f})")
    figs["bars"] = _png(fig)

    conf = [r["confidence"] for r in rows]
    correct = [r["gold"] == r["pred"] for r in rows]
    bins = reliability_bins(conf, correct)
    fig, ax = plt.subplots(figsize=(4.4, 4.2))
    ax.plot([0, 1], [0, 1], "--", color="#999", lw=1, label="perfect calibration")
    if bins:
        ax.bar([b["lo"] + 0.05 for b in bins], [b["accuracy"] for b in bins], width=0.09, alpha=0.75,
               color="#4292c6", label="accuracy in bin")
        ax.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins], "o-", color="#08519c", ms=4)
        for b in bins:
            ax.text(b["lo"] + 0.05, min(b["accuracy"] + 0.03, 1.02), str(b["n"]), ha="center", fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(f"Reliability (ECE {m.get('ece', 0):.3f})")
    ax.legend(loc="upper left", fontsize=8)
    figs["reliability"] = _png(fig)
    return figs


def html_report(m: dict, rows: list[dict], title: str = "stance evaluation") -> str:
    """A self-contained HTML page (figures inlined as PNG)."""
    figs = _figures(m, rows)
    errors = sorted((r for r in rows if r["gold"] != r["pred"]), key=lambda r: -r["confidence"])[:25]
    e = html.escape

    def chip(label):
        return f'<span class="chip" style="background:{_COLORS.get(label, "#777")}">{e(label)}</span>'

    err_rows = "\n".join(
        f"<tr><td>{i + 1}</td><td>{e(r.get('where') or '')}</td><td class='t'>{e(r['text'])}</td>"
        f"<td>{chip(r['gold'])}</td><td>{chip(r['pred'])}</td><td>{r['confidence']:.2f}</td>"
        f"<td>{e(', '.join(r.get('cues') or []))}</td></tr>" for i, r in enumerate(errors))
    per = "".join(
        f"<tr><td>{chip(lab)}</td><td>{p['precision']:.3f}</td><td>{p['recall']:.3f}</td><td>{p['f1']:.3f}</td>"
        f"<td>{p['support']}</td></tr>" for lab, p in m["per_label"].items())
    holder = ""
    if m.get("holder_accuracy") is not None:
        holder = f"<div class='kpi'><b>{m['holder_accuracy']:.3f}</b><span>holder accuracy (n {m.get('holder_n')})</span></div>"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body{{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222}}
h1{{font-size:1.5rem}} .kpis{{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}}
.kpi{{border:1px solid #ddd;border-radius:8px;padding:.6rem 1rem;min-width:130px}} .kpi b{{display:block;font-size:1.6rem}}
.kpi span{{color:#666;font-size:.85rem}} .figs{{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}}
table{{border-collapse:collapse;width:100%;font-size:.88rem}} td,th{{border-bottom:1px solid #eee;padding:.35rem;text-align:left;vertical-align:top}}
td.t{{max-width:520px}} .chip{{color:#fff;border-radius:10px;padding:1px 8px;font-size:.8rem;white-space:nowrap}}
</style></head><body>
<h1>{e(title)}</h1>
<div class="kpis"><div class='kpi'><b>{m['macro_f1']:.3f}</b><span>macro-F1</span></div>
<div class='kpi'><b>{m['accuracy']:.3f}</b><span>accuracy</span></div>
<div class='kpi'><b>{m.get('ece', 0):.3f}</b><span>expected calibration error</span></div>
<div class='kpi'><b>{m['n']}</b><span>sentences</span></div>{holder}</div>
<div class="figs"><img alt="confusion matrix" src="{figs['confusion']}"><img alt="per-label scores" src="{figs['bars']}">
<img alt="reliability diagram" src="{figs['reliability']}"></div>
<h2>Per label</h2><table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>{per}</table>
<h2>The {len(errors)} most confident errors</h2>
<table><tr><th>#</th><th>where</th><th>sentence</th><th>gold</th><th>predicted</th><th>conf.</th><th>cues</th></tr>
{err_rows}</table>
<details><summary>metrics.json</summary><pre>{e(json.dumps(m, indent=1))}</pre></details>
</body></html>"""


def model_card(meta: dict, filename: str) -> str:
    d = meta["data"]
    cv = meta["cv"]
    t = meta.get("test")
    lines = [
        f"# Model card: `{filename}`", "",
        f"A sentence classifier for stance on security commitments, labels {', '.join(f'`{x}`' for x in meta['labels'])}.",
        f"Trained by `stance train` (stance {meta['versions'].get('stance')}) on {meta['trained_at']} with seed {meta['seed']}.", "",
        "## Training data", "",
        f"- files: {', '.join(f'`{f}`' for f in d['files'])}",
        f"- SHA-256 of the files: `{d['sha256']}`",
        f"- {d['sentences']} sentences from {d['articles']} articles; per label: "
        + ", ".join(f"{k} {v}" for k, v in sorted(d["label_counts"].items())),
        *([f"- per language: {', '.join(f'{k} {v}' for k, v in d['languages'].items())}"] if d.get("languages") else []),
        "",
        "## Model", "",
        (f"- chosen by grouped (by article) cross-validation: **{meta['classifier']}** "
         f"({meta['params']['classifier']}, C={meta['params']['C']}) — the best macro-F1, and among candidates "
         "within 0.005 of it that it does not beat in every fold, the best calibrated (lowest expected calibration error)"
         if len(meta.get("cv") or {}) > 1 else
         f"- classifier: **{meta['classifier']}** ({meta['params']['classifier']}, C={meta['params']['C']}), "
         "measured by grouped (by article) cross-validation (`stance train --candidates logreg,svm` compares "
         "it with the logistic regression and ships the better)"),
        f"- features: {json.dumps(meta['features'])}",
        f"- spaCy pipeline for analysis: `{meta['params']['spacy_model']}`",
        f"- a label is chosen with the probability of `none` weighed by {meta['params'].get('none_weight', 1.0)} "
        "(below 1, a sentence that may report a stance is read as one a little more often; the probabilities "
        "reported are not changed)", "",
        "| candidate | CV macro-F1 | CV accuracy | CV ECE | seconds |", "|---|---|---|---|---|",
    ]
    for name, r in cv.items():
        mark = " (chosen)" if name == meta["classifier"] else ""
        lines.append(f"| {name}{mark} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r.get('ece', 0):.3f} | {r.get('seconds', '')} |")
    lines.append("")
    by_lang = cv.get(meta["classifier"], {}).get("by_language")
    if by_lang:
        lines += ["CV macro-F1 of the chosen classifier per language of the sentences: "
                  + ", ".join(f"{lang} {f1:.3f}" for lang, f1 in by_lang.items()) + ".", ""]
    hcv = meta.get("holder_cv")
    if hcv:
        lines += ["## Holders", "",
                  "The holder rules (French syntax over the parse, with the actor list) propose a holder; a "
                  "gradient-boosted ranker chooses among each sentence's candidate actors from their place in the "
                  "parse, their actor type, the label and the rules' proposal"
                  + (", and the holder-type head's reading of the sentence's words (`--holder-prior`). "
                     if meta.get("holder_prior") else " (no words of the sentence). ")
                  + f"Grouped cross-validation with gold labels, {hcv['n']} sentences: ranker accuracy "
                  f"**{hcv['accuracy']:.3f}**, rules alone {hcv['rules_accuracy']:.3f}."
                  + (f" End to end — each fold's articles read with the labels its own label model predicted, so "
                     f"that a stance read as `none` finds no holder — **{hcv['end_to_end']:.3f}**."
                     if hcv.get("end_to_end") is not None else ""), ""]
    if t:
        lines += ["## Held-out test", "",
                  f"- files: {', '.join(f'`{f}`' for f in meta['test_data']['files'])} ({t['n']} sentences)",
                  f"- macro-F1 **{t['macro_f1']:.3f}**, accuracy {t['accuracy']:.3f}, expected calibration error {t.get('ece', 0):.3f}",
                  *([f"- holder accuracy **{t['holder_accuracy']:.3f}** end to end (predicted labels), "
                     f"{t['holder_accuracy_gold_labels']:.3f} with the gold labels"] if t.get("holder_accuracy") is not None else []),
                  "",
                  "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for lab, p in t["per_label"].items():
            lines.append(f"| {lab} | {p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} | {p['support']} |")
        lines.append("")
    lines += ["## Versions", "", "| package | version |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in meta["versions"].items()]
    lines += ["", f"Training took {meta['training_seconds']} s.", "",
              "## Limits", "",
              "The training articles were written by the project team as realistic French wire copy, with "
              "a smaller share of English; they are not real reporting. Scores on real articles are lower than on "
              "the team's own test split, and lower on English than on French (see docs/evaluation.md).", ""]
    return "\n".join(lines)
