"""The program graph as versioned JSON (docs/graph-json.md)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from granularity import __version__
from granularity.model.graph import GRAPH_FORMAT, ProgramGraph


def graph_data(graph: ProgramGraph) -> dict:
    """Plain data of the graph: lists sorted, no absolute paths, no timestamps."""
    resources: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"read": set(), "write": set()})
    for a in graph.accesses:
        resources[a.resource][a.mode].add(a.unit)
    return {
        "meta": {"format": "granularity-graph", "version": GRAPH_FORMAT, "tool": f"granularity {__version__}"},
        "app": {"name": graph.root, "files": len(graph.files), "lines": sum(graph.files.values())},
        "units": [_unit(q, info) for q, info in graph.units.items()],
        "entry_points": [{
            "unit": t.unit, "kind": t.kind, "framework": t.framework, "details": dict(t.details),
            "path": t.path, "line": t.line,
        } for t in graph.entry_points],
        "calls": [{"caller": e.caller, "callee": e.callee, "kind": e.kind, "via": e.via, "line": e.line}
                  for e in graph.calls],
        "accesses": [{"unit": a.unit, "resource": a.resource, "mode": a.mode, "via": a.via, "line": a.line}
                     for a in graph.accesses],
        "resources": [{
            "id": rid, "kind": rid.partition(":")[0], "name": rid.partition(":")[2],
            "readers": sorted(modes["read"]), "writers": sorted(modes["write"]),
        } for rid, modes in sorted(resources.items())],
        "imports": [{"unit": i.unit, "package": i.package, "module": i.module, "line": i.line,
                     "type_checking": i.type_checking, "conditional": i.conditional,
                     "users": list(i.users)} for i in graph.imports],
        "reach": {unit: list(reached) for unit, reached in sorted(graph.reach.items())},
        "call_sites": dict(sorted(graph.call_sites.items())),
        "unresolved": [{"caller": u.caller, "target": u.target, "line": u.line, "reason": u.reason}
                       for u in graph.unresolved],
        "unresolved_reasons": dict(sorted(Counter(u.reason for u in graph.unresolved).items())),
        "diagnostics": [{"path": d.path, "code": d.code, "message": d.message, "line": d.line}
                        for d in graph.diagnostics],
    }


def _unit(qualname: str, info) -> dict:
    u = info.unit
    return {
        "name": qualname, "kind": u.kind, "module": info.module, "path": info.path,
        "parent": u.parent, "line": u.line, "end_line": u.end_line, "sloc": u.sloc,
        "own_sloc": u.own_sloc, "complexity": u.complexity, "async": u.is_async,
    }


def render(graph: ProgramGraph) -> str:
    # One JSON line per top-level entry: json's C encoder runs only without `indent`, and
    # the whole graph of a large app is megabytes; entries stay diff-friendly by line.
    data = graph_data(graph)
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
             for key, value in data.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"
