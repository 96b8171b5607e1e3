"""The `callgraph` format: caller → sorted callees (docs/callgraph.md)."""

from __future__ import annotations

import json

from granularity.model import facts as f
from granularity.model.graph import CALL, ProgramGraph


def callgraph(graph: ProgramGraph) -> dict[str, list[str]]:
    """Every module body and function of the app as a key; synchronous in-process callees."""
    out: dict[str, set[str]] = {}
    for qualname, info in graph.units.items():
        if info.unit.kind in (f.MODULE, f.FUNCTION, f.LAMBDA):
            out[qualname] = set()
    for edge in graph.calls:
        if edge.kind != CALL or edge.caller not in out:
            continue
        if edge.callee in out or edge.callee.startswith("<builtin>."):
            out[edge.caller].add(edge.callee)
    return {k: sorted(out[k]) for k in sorted(out)}


def render(graph: ProgramGraph) -> str:
    return json.dumps(callgraph(graph), indent=2, sort_keys=True) + "\n"
