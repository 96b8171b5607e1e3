"""What the rules look at: units, functions, the boundaries between functions, and the app.

A monolith is checked through the functions its proposed plan cuts it into; an app that
already runs on FaaS through the functions it *declares* (SAM `template.yaml`,
`serverless.yml`, Chalice, or `[tool.granularity.functions]`). Either way the functions
arrive here as a `Plan`, and `Index` precomputes what the metrics read about them: which
function holds which unit, the synchronous calls between functions, markers by unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from granularity.model.graph import CALL, DISPATCH, INVOKE, ProgramGraph, UnitInfo
from granularity.model.plan import CandidateFunction, Plan
from granularity.partition.context import PlanContext
from granularity.partition.mixing import Mix, mix_of
from granularity.partition.packages import package_use, with_dependencies

SUBJECT_KINDS = ("unit", "function", "boundary", "app")
#: Marker kinds that mean long-running or CPU-bound work.
SLOW_WORK = ("sleep", "subprocess", "unbounded-loop", "cpu-bound")

Location = tuple[str, int]


@dataclass(frozen=True)
class Subject:
    """One thing a rule is checked against."""

    kind: str
    name: str
    #: Where a finding on it points by default: file relative to the root, 1-indexed line.
    path: str
    line: int
    #: The function it belongs to ("" when none or several).
    function: str
    #: Units whose change changes it (for diff mode).
    units: frozenset[str]
    #: What its metrics read (a view of the kind's class below).
    view: object = field(repr=False, compare=False)


class Index:
    """Indexes over the graph and the functions, computed once per check."""

    def __init__(self, graph: ProgramGraph, ctx: PlanContext, plan: Plan, mode: str,
                 measured: dict[str, float]) -> None:
        self.graph, self.ctx, self.plan, self.mode, self.measured = graph, ctx, plan, mode, measured
        self.functions = {fn.name: fn for fn in plan.functions}
        self.holders: dict[str, list[str]] = defaultdict(list)
        for fn in plan.functions:
            for u in fn.units:
                self.holders[u].append(fn.name)
        self.entry_function = {e: fn.name for fn in plan.functions for e in fn.entry_points}
        self.markers: dict[str, list] = defaultdict(list)
        for m in graph.markers:
            self.markers[m.scope].append(m)
        self.triggers: dict[str, list] = defaultdict(list)
        for t in graph.entry_points:
            self.triggers[t.unit].append(t)

    def location(self, unit: str) -> Location:
        info = self.graph.units.get(unit)
        return (info.path, info.unit.line) if info else ("", 0)

    def mb(self, package: str) -> float:
        return sum(package_use(p, self.measured).size_mb for p in sorted(with_dependencies({package})))

    @cached_property
    def callees(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for e in self.graph.calls:
            if e.kind == CALL and e.callee in self.graph.units and e.callee != e.caller:
                out[e.caller].add(e.callee)
        return out

    @cached_property
    def edges(self) -> dict[tuple[str, str], dict[str, list[tuple[str, int]]]]:
        """(caller function, callee function) → edge kind → [(caller unit, line)]."""
        out: dict[tuple[str, str], dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
        for e in self.graph.calls:
            if e.kind not in (INVOKE, DISPATCH) or e.callee not in self.entry_function:
                continue
            target = self.entry_function[e.callee]
            for source in self.holders.get(e.caller, ()):
                if source != target:
                    out[(source, target)][e.kind].append((e.caller, e.line))
        # the plan's crossing calls leave out references (handing a view to a router)
        for c in self.plan.crossing_calls if self.mode == "plan" else ():
            out[(c.caller_function, c.callee_function)][CALL].append((c.caller, c.line))
        return {k: {kind: sorted(set(v)) for kind, v in kinds.items()} for k, kinds in sorted(out.items())}

    @cached_property
    def sync_targets(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for (a, b), kinds in self.edges.items():
            if kinds.get(INVOKE) or kinds.get(CALL):
                out[a].add(b)
        return out

    def longest_chain(self, start: str) -> list[str]:
        """The longest path of synchronous calls between functions from `start` (cycles cut)."""
        best: list[str] = [start]
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            if len(path) > len(best):
                best = path
            for nxt in sorted(self.sync_targets.get(node, ()), reverse=True):
                if nxt not in path and len(path) < 64:
                    stack.append((nxt, path + [nxt]))
        return best

    @cached_property
    def state_writes(self) -> dict[str, list[str]]:
        """Unit → module-level state it writes at run time."""
        out: dict[str, set[str]] = defaultdict(set)
        for a in self.graph.accesses:
            if a.mode == "write" and a.resource.startswith("global:"):
                out[a.unit].add(a.resource)
        return {u: sorted(r) for u, r in out.items()}

    @cached_property
    def table_writers(self) -> dict[str, tuple[str, ...]]:
        return {t.table: t.writers for t in self.plan.shared_tables}


@dataclass(frozen=True)
class FunctionView:
    """A function and the index, for function metrics."""

    ix: Index
    fn: CandidateFunction

    @cached_property
    def http_units(self) -> set[str]:
        atoms = self.ix.ctx.atoms
        return {u for a in self.fn.entry_points if a in atoms and "http" in atoms[a].kinds for u in atoms[a].reach}

    @cached_property
    def slow_work(self) -> list:
        found = [m for u in sorted(self.http_units) for m in self.ix.markers.get(u, ()) if m.kind in SLOW_WORK]
        return sorted(found, key=lambda m: (self.ix.location(m.scope)[0], m.line, m.kind))

    @cached_property
    def state(self) -> list:
        return [s for s in self.ix.plan.state if self.fn.name in s.functions]

    @cached_property
    def shared_tables(self) -> list[str]:
        return sorted(t for t in self.fn.writes if len(self.ix.table_writers.get(t, ())) > 1)

    @cached_property
    def forced_import(self) -> tuple[str, float, float, str]:
        """(package, MB with its dependencies, share of the code that imports it, importing modules)."""
        ctx, units = self.ix.ctx, [u for u in self.fn.units if u in self.ix.graph.units]
        total = sum(ctx.sloc.get(u, 0) for u in units) or 1
        users: dict[str, set[str]] = defaultdict(set)
        for u in units:
            module = self.ix.graph.units[u].module
            for p in ctx.packages_by_scope.get(module, set()) | ctx.packages_by_scope.get(u, set()):
                users[p].add(u)
        best = ("", 0.0, 1.0, "")
        best_score = 0.0
        for p in sorted(users):
            mb = self.ix.mb(p)
            share = sum(ctx.sloc.get(u, 0) for u in users[p]) / total
            if mb * (1 - share) > best_score:
                modules = sorted({self.ix.graph.units[u].module for u in users[p]})
                best, best_score = (p, round(mb, 1), round(share, 4), ", ".join(modules)), mb * (1 - share)
        return best

    @cached_property
    def mix(self) -> Mix | None:
        """How it mixes HTTP with other triggers, and its reason to (partition/mixing.py)."""
        return mix_of(self.ix.ctx, self.fn.entry_points)


@dataclass(frozen=True)
class UnitView:
    """A unit and the index, for unit metrics."""

    ix: Index
    qualname: str
    info: UnitInfo

    @cached_property
    def reach(self) -> tuple[str, ...]:
        return self.ix.graph.reach.get(self.qualname, (self.qualname,))

    @cached_property
    def routing(self) -> list:
        found = [m for u in self.reach for m in self.ix.markers.get(u, ()) if m.kind == "event-routing"]
        return sorted(found, key=lambda m: (self.ix.location(m.scope)[0], m.line))


@dataclass(frozen=True)
class BoundaryView:
    """Two functions and the calls from the first into the second."""

    ix: Index
    caller: str
    callee: str
    edges: dict[str, list[tuple[str, int]]]


@dataclass(frozen=True)
class AppView:
    ix: Index


def function_subjects(ix: Index) -> list[Subject]:
    out = []
    for fn in ix.plan.functions:
        anchor = sorted(fn.entry_points, key=lambda e: (ix.location(e), e))[0] if fn.entry_points else ""
        path, line = ix.location(anchor)
        out.append(Subject("function", fn.name, path, line, fn.name, frozenset(fn.units), FunctionView(ix, fn)))
    return out


def unit_subjects(ix: Index) -> list[Subject]:
    out = []
    for q, info in ix.graph.units.items():
        holders = ix.holders.get(q, [])
        view = UnitView(ix, q, info)
        units = frozenset(view.reach) if q in ix.triggers else frozenset((q,))
        out.append(Subject("unit", q, info.path, info.unit.line, holders[0] if len(holders) == 1 else "",
                           units, view))
    return out


def boundary_subjects(ix: Index) -> list[Subject]:
    out = []
    for (a, b), kinds in ix.edges.items():
        first = sorted((ix.location(u)[0], line, u) for edges in kinds.values() for u, line in edges)[0]
        units = frozenset(ix.functions[a].units) | frozenset(ix.functions[b].entry_points)
        out.append(Subject("boundary", f"{a} -> {b}", first[0], first[1], a, units, BoundaryView(ix, a, b, kinds)))
    return out


def app_subjects(ix: Index) -> list[Subject]:
    path = min(ix.graph.files) if ix.graph.files else ""
    return [Subject("app", ix.graph.root, path, 1 if path else 0, "", frozenset(ix.graph.units), AppView(ix))]


BUILDERS = {"unit": unit_subjects, "function": function_subjects, "boundary": boundary_subjects, "app": app_subjects}
