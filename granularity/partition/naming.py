"""Names for candidate functions and shared layers, derived from the code they hold."""

from __future__ import annotations

import re
from collections import Counter

from granularity.partition.context import GENERIC_PARTS, PlanContext


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "function"


def _route_root(ctx: PlanContext, atoms: list[str]) -> str:
    """The most common first meaningful segment of the functions' HTTP paths."""
    segments = Counter()
    for a in atoms:
        for t in ctx.atoms[a].triggers:
            path = t.detail("path")
            parts = [p for p in re.split(r"[/^$]", path) if p and not p.startswith(("<", "{", "(", "?"))
                     and p not in ("api", "v1", "v2", "v3")]
            if parts:
                segments[parts[0]] += 1
    return segments.most_common(1)[0][0] if segments else ""


def function_name(ctx: PlanContext, atoms: list[str]) -> str:
    """From the atoms' most common group (blueprint, router, app, module), else a route segment."""
    groups = Counter(ctx.atoms[a].group for a in atoms)
    group, _ = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    last = group.rsplit(".", 1)[-1]
    if last in GENERIC_PARTS or "." not in group and len(groups) > 1:
        last = _route_root(ctx, atoms) or last
    return _slug(last)


def unique_names(raw: dict[str, str], ctx: PlanContext, members: dict[str, list[str]]) -> dict[str, str]:
    """Make names unique: add the trigger kind, then a number."""
    counts = Counter(raw.values())
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(raw, key=lambda k: (raw[k], k)):
        name = raw[key]
        if counts[name] > 1:
            kinds = sorted({k for a in members[key] for k in ctx.atoms[a].kinds})
            name = f"{name}-{'-'.join(kinds)}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        out[key] = name
    return out


def layer_name(units: list[str], ctx: PlanContext) -> str:
    modules = Counter(ctx.graph.units[u].module for u in units if u in ctx.graph.units)
    module, _ = sorted(modules.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return module
