"""Build the program graph from every file's facts."""

from __future__ import annotations

from collections import defaultdict, deque

from granularity.link.calls import CallLinker
from granularity.link.resolve import Resolver
from granularity.link.symbols import Symbols
from granularity.model import facts as f
from granularity.model.graph import CALL, ProgramGraph, Trigger, UnitInfo


def link(modules: list[f.ModuleFacts], root: str = "", context: object | None = None) -> ProgramGraph:
    """All facts in, one program graph out. Deterministic: inputs are sorted first."""
    modules = sorted(modules, key=lambda m: (m.path, m.module))
    symbols = Symbols(modules)
    resolver = Resolver(symbols)
    triggers = _entry_points(symbols, resolver)
    task_names = {t.detail("name"): t.unit for t in triggers if t.kind == "queue" and t.detail("name")}
    linker = CallLinker(resolver, task_names)
    for facts in symbols.modules.values():
        linker.link(list(facts.calls))
    calls = tuple(sorted(set(linker.edges), key=lambda e: (e.caller, e.callee, e.line, e.kind, e.via)))
    units = {q: UnitInfo(u, symbols.unit_module[q], symbols.modules[symbols.unit_module[q]].path)
             for q, u in sorted(symbols.units.items())}
    diagnostics = tuple(d for m in modules for d in m.diagnostics)
    return ProgramGraph(
        root=root,
        units=units,
        entry_points=triggers,
        calls=calls,
        accesses=(),
        imports=(),
        unresolved=tuple(sorted(set(linker.unresolved), key=lambda u: (u.caller, u.line, u.target))),
        call_sites=dict(sorted(linker.sites.items())),
        files={m.path: m.lines for m in modules},
        diagnostics=diagnostics,
        reach=_reach(triggers, calls, symbols),
    )


def _entry_points(symbols: Symbols, resolver: Resolver) -> tuple[Trigger, ...]:
    out: list[Trigger] = []
    for facts in symbols.modules.values():
        for ep in facts.entry_points:
            if ep.unit and ep.unit in symbols.units or ep.unit in symbols.modules:
                out.append(Trigger(ep.unit, ep.kind, ep.framework, ep.details, facts.path, ep.line))
    return tuple(sorted(set(out), key=lambda t: (t.unit, t.kind, t.details)))


def _reach(triggers: tuple[Trigger, ...], calls, symbols: Symbols) -> dict[str, tuple[str, ...]]:
    succ: dict[str, set[str]] = defaultdict(set)
    for edge in calls:
        if edge.kind == CALL and not edge.callee.startswith("<builtin>"):
            succ[edge.caller].add(edge.callee)
    out: dict[str, tuple[str, ...]] = {}
    for unit in sorted({t.unit for t in triggers}):
        seen = {unit}
        queue = deque([unit])
        if symbols.kind(unit) == f.CLASS:
            for member in symbols.children(unit).values():
                if member not in seen:
                    seen.add(member)
                    queue.append(member)
        while queue:
            for nxt in succ.get(queue.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        out[unit] = tuple(sorted(seen))
    return out
