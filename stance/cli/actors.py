"""``stance actors``: the actor codes a holder or source may take, with their names."""
from __future__ import annotations

import json

import click


@click.command("actors")
@click.argument("query", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the whole actor list as JSON.")
def actors_cmd(query: str | None, as_json: bool) -> None:
    """List the canonical actor codes (ISO 3166-1 alpha-3 states, EU, NATO, COALITION,
    EUROPE) with their names; QUERY keeps the codes whose names contain it."""
    from ..actors import load_actors

    actors = load_actors()
    if query:
        q = query.lower()
        actors = {code: e for code, e in actors.items() if q in code.lower() or any(
            q in form.lower() for kind in ("names", "demonyms", "capitals", "seats", "institutions", "offices")
            for form in e.get(kind, [])) or any(q in p.get("name", "").lower() for p in e.get("people", []))}
    if as_json:
        click.echo(json.dumps(actors, ensure_ascii=False, indent=1))
        return
    for code, e in sorted(actors.items()):
        names = ", ".join((e.get("names") or [])[:3] + (e.get("capitals") or [])[:1])
        click.echo(f"{code:<10} {e.get('kind', ''):<13} {names}")
