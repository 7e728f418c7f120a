"""Aggregation across a corpus: who is committed, who hesitates, who waits for
Washington — actor × stance counts and shares, by actor, by date or both, as plain
Python data (a list of dicts), with an optional chart."""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Sequence

from . import LABELS

__all__ = ["summarize_rows", "read_classified", "chart", "STANCE_LABELS"]

STANCE_LABELS = ("committed", "conditional", "pending_us")


def summarize_rows(rows: Iterable[dict], by: Sequence[str] = ("actor",)) -> list[dict]:
    """Counts and shares of labels per group. ``by`` is ``("actor",)``, ``("date",)`` or
    ``("actor", "date")``. By actor, only sentences with a holder count (``none``
    sentences have none); by date alone, every sentence counts."""
    by = tuple(by)
    if by not in (("actor",), ("date",), ("actor", "date")):
        raise ValueError(f"by must be actor, date or actor,date, not {','.join(by)}")
    counts: dict[tuple, Counter] = defaultdict(Counter)
    articles: dict[tuple, set] = defaultdict(set)
    for r in rows:
        label = r.get("best_guess") if r.get("label") == "uncertain" else r.get("label")
        if "actor" in by and not r.get("holder"):
            continue
        key = tuple(r.get("holder") if k == "actor" else (r.get("date") or "unknown") for k in by)
        counts[key][label] += 1
        articles[key].add(r.get("doc_id"))
    labels = STANCE_LABELS if "actor" in by else LABELS
    out = []
    for key in sorted(counts, key=lambda k: (k if by == ("date",) else (-sum(counts[k].values()), k)) if by != ("actor", "date") else (k[0], k[1])):
        c = counts[key]
        total = sum(c[lab] for lab in labels)
        row = {k: v for k, v in zip(by, key)}
        row.update({lab: c[lab] for lab in labels})
        row["total"] = total
        row.update({f"share_{lab}": round(c[lab] / total, 3) if total else 0.0 for lab in labels})
        row["articles"] = len(articles[key])
        out.append(row)
    if by == ("actor", "date"):
        order = Counter()
        for row in out:
            order[row["actor"]] += row["total"]
        out.sort(key=lambda r: (-order[r["actor"]], r["actor"], r["date"]))
    return out


def read_classified(path: str | Path) -> Iterable[dict]:
    """Rows of ``stance classify --format jsonl`` output: a file, or a directory of
    ``part-*.jsonl`` shards (a sharded run)."""
    from .corpus import iter_jsonl

    p = Path(path)
    files = sorted(p.glob("part-*.jsonl")) if p.is_dir() else [p]
    for f in files:
        for _, obj in iter_jsonl(f):
            yield obj


def _by_month(summary: list[dict]) -> list[dict]:
    """Fold actor × date rows into actor × month rows (counts summed, shares recomputed)."""
    merged: dict[tuple, dict] = {}
    for r in summary:
        key = (r["actor"], str(r["date"])[:7])
        m = merged.setdefault(key, {"actor": key[0], "date": key[1], **{lab: 0 for lab in STANCE_LABELS}})
        for lab in STANCE_LABELS:
            m[lab] += r[lab]
    for m in merged.values():
        total = sum(m[lab] for lab in STANCE_LABELS)
        m.update({f"share_{lab}": m[lab] / total if total else 0.0 for lab in STANCE_LABELS})
    order = [r["actor"] for r in summary]
    return sorted(merged.values(), key=lambda m: (order.index(m["actor"]), m["date"]))


def _stacked(draw, positions, rows: list[dict], labels: Sequence[str], base: str) -> None:
    """Stack one bar segment per label (``draw`` is ``ax.bar`` or ``ax.barh``)."""
    import numpy as np

    from .report import _COLORS

    offset = np.zeros(len(rows))
    for lab in labels:
        vals = np.array([r[lab] for r in rows], dtype=float)
        draw(positions, vals, color=_COLORS[lab], label=lab, **{base: offset})
        offset = offset + vals


def chart(summary: list[dict], by: Sequence[str], out: str | Path, top: int = 15) -> None:
    """A clear figure of a summary: stacked horizontal bars per actor, stacked bars per
    date, or one timeline row per actor (``actor,date``). Written atomically as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from .io import atomic_write
    from .report import _COLORS

    by = tuple(by)
    if by == ("actor",):
        rows = summary[:top][::-1]
        fig, ax = plt.subplots(figsize=(8, 0.42 * len(rows) + 1.4))
        _stacked(ax.barh, [r["actor"] for r in rows], rows, STANCE_LABELS, "left")
        ax.set_xlabel("sentences")
        ax.set_title("Stance by actor")
    elif by == ("date",):
        rows = summary
        fig, ax = plt.subplots(figsize=(max(6, 0.5 * len(rows) + 2), 4))
        _stacked(ax.bar, [r["date"] for r in rows], rows, LABELS, "bottom")
        ax.set_ylabel("sentences")
        ax.set_title("Stance by article date")
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    else:
        period = "article date"
        if len({r["date"] for r in summary}) > 24:
            summary = _by_month(summary)  # a readable timeline: one bar per month
            period = "month"
        actors = []
        for r in summary:
            if r["actor"] not in actors:
                actors.append(r["actor"])
        actors = actors[: min(top, 8)]
        dates = sorted({r["date"] for r in summary if r["actor"] in actors})
        fig, axes = plt.subplots(len(actors), 1, figsize=(max(7, 0.45 * len(dates) + 2), 1.3 * len(actors) + 1),
                                 sharex=True, squeeze=False)
        for ax, actor in zip(axes[:, 0], actors):
            by_date = {r["date"]: r for r in summary if r["actor"] == actor}
            bottom = np.zeros(len(dates))
            for lab in STANCE_LABELS:
                vals = np.array([by_date.get(d, {}).get(f"share_{lab}", 0.0) for d in dates])
                ax.bar(range(len(dates)), vals, bottom=bottom, color=_COLORS[lab], label=lab)
                bottom += vals
            ax.set_ylabel(actor, rotation=0, ha="right", va="center")
            ax.set_yticks([])
            ax.set_ylim(0, 1)
        axes[-1, 0].set_xticks(range(len(dates)), dates, rotation=45, ha="right")
        axes[0, 0].set_title(f"Share of each stance per actor and {period}")
        ax = axes[0, 0]
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    with atomic_write(out, "wb") as fh:
        fig.savefig(fh, format="png", dpi=120)
    plt.close(fig)
