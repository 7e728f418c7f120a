"""Boundary scoring shared by the tests and the benchmark/doc scripts."""
from __future__ import annotations

import json
from pathlib import Path

GOLD = Path(__file__).parent / "data" / "segmentation_gold.jsonl"


def load_gold(path: Path = GOLD) -> list[dict]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            case["text"] = case["sep"].join(case["sentences"])
            cases.append(case)
    return cases


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Offsets where a sentence ends, except the last one."""
    out, pos = set(), 0
    for s in sentences:
        i = text.index(s, pos)
        pos = i + len(s)
        out.add(pos)
    out.discard(pos)
    return out


def boundary_prf(pairs) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for text, gold, pred in pairs:
        g, p = boundaries(text, gold), boundaries(text, pred)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1
