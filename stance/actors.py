"""The actor list (``stance/resources/actors.json``, also reachable as
``data/actors.json``): canonical codes and the ways news text names each actor."""
from __future__ import annotations

import functools
import json
from importlib import resources

__all__ = ["load_actors", "actor_codes"]


@functools.lru_cache(maxsize=1)
def load_actors() -> dict:
    text = resources.files("stance").joinpath("resources/actors.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def actor_codes() -> frozenset[str]:
    return frozenset(load_actors())
