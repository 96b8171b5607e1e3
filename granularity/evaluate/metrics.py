"""The figures rules are written over: for each subject kind, a flat dict of named values.

Every metric is declared once, here, by the `@metric` decorator: its subject kind, name,
type and description. That declaration *is* the table `granularity rules --metrics`
prints and docs/metrics.md is generated from, so the list cannot drift from the code.
`@location` declares the named places a rule can point its findings at instead of the
subject's own line (the first write of a shared table, the first sleep...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from granularity.evaluate.subjects import (
    SUBJECT_KINDS, AppView, BoundaryView, FunctionView, Location, Subject, UnitView,
)
from granularity.model.graph import CALL, DISPATCH, INVOKE

#: Estimated bytes of deployed source per line of code.
BYTES_PER_LINE = 40
TYPES = ("int", "float", "bool", "str", "list")


@dataclass(frozen=True)
class Metric:
    subject: str
    name: str
    type: str
    description: str
    compute: Callable[[Any], Any]


METRICS: dict[str, dict[str, Metric]] = {kind: {} for kind in SUBJECT_KINDS}
LOCATIONS: dict[str, dict[str, Callable[[Any], Location | None]]] = {kind: {} for kind in SUBJECT_KINDS}


def metric(subject: str, type_: str, description: str) -> Callable:
    """Declare the decorated function as the metric of that name for `subject`."""
    def register(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        name = fn.__name__.split("__", 1)[-1]
        METRICS[subject][name] = Metric(subject, name, type_, description, fn)
        return fn
    return register


def location(subject: str, name: str) -> Callable:
    def register(fn: Callable[[Any], Location | None]) -> Callable[[Any], Location | None]:
        LOCATIONS[subject][name] = fn
        return fn
    return register


def figures(subject: Subject, names: set[str] | frozenset[str]) -> dict[str, Any]:
    """The named figures of one subject (only those asked for, computed on demand)."""
    table = METRICS[subject.kind]
    return {n: table[n].compute(subject.view) for n in sorted(names) if n in table}


def metric_types(subject: str) -> dict[str, str]:
    return {name: m.type for name, m in METRICS[subject].items()}


def metric_table() -> list[Metric]:
    """Every metric, by subject kind then name."""
    return [METRICS[k][n] for k in SUBJECT_KINDS for n in sorted(METRICS[k])]


def _names(items) -> str:
    return ", ".join(f"`{i}`" for i in items)


def _few(items, shown: int = 3) -> str:
    items = sorted(items)
    rest = len(items) - shown
    return ", ".join(items[:shown]) + (f" and {rest} more" if rest > 0 else "")


def _strip(resource: str) -> str:
    return resource.split(":", 1)[-1]


# -- function -----------------------------------------------------------------------------

F = "function"


@metric(F, "str", "The function's name (the declared name, or the plan's).")
def f__name(v: FunctionView) -> str:
    return v.fn.name


@metric(F, "bool", "True for a function the app declares (SAM, serverless.yml, Chalice, config); False for a proposed one.")
def f__declared(v: FunctionView) -> bool:
    return v.ix.mode == "declared"


@metric(F, "int", "Entry-point units it holds.")
def f__entry_points(v: FunctionView) -> int:
    return len(v.fn.entry_points)


@metric(F, "list", "Trigger kinds of its entry points, sorted (`http`, `queue`, `schedule`, `cli`, `event`, `faas`).")
def f__trigger_kinds(v: FunctionView) -> tuple[str, ...]:
    return tuple(sorted({t[1] for t in v.fn.triggers}))


@metric(F, "int", "Number of different trigger kinds.")
def f__trigger_kind_count(v: FunctionView) -> int:
    return len({t[1] for t in v.fn.triggers})


@metric(F, "str", "Its trigger kinds as text (`http, queue`).")
def f__trigger_kind_names(v: FunctionView) -> str:
    return ", ".join(sorted({t[1] for t in v.fn.triggers}))


@metric(F, "int", "Tables written by both its HTTP and its other entry points (a reason to mix them).")
def f__mixed_shared_tables(v: FunctionView) -> int:
    return len(v.mixed_reason)


@metric(F, "int", "Lines of code it deploys: its own units and the shared code it bundles.")
def f__reach_sloc(v: FunctionView) -> int:
    return v.fn.reach_sloc


@metric(F, "int", "Lines of code only this function has.")
def f__own_sloc(v: FunctionView) -> int:
    return v.fn.own_sloc


@metric(F, "int", "Code units it deploys.")
def f__units(v: FunctionView) -> int:
    return len(v.fn.units)


@metric(F, "int", "Summed cyclomatic complexity of its own units.")
def f__complexity(v: FunctionView) -> int:
    return v.fn.complexity


@metric(F, "int", "Database tables it writes.")
def f__tables_written(v: FunctionView) -> int:
    return sum(1 for w in v.fn.writes if w.startswith("table:"))


@metric(F, "str", "The tables it writes, as text.")
def f__table_names(v: FunctionView) -> str:
    return _names(_strip(w) for w in v.fn.writes if w.startswith("table:"))


@metric(F, "float", "MB of third-party packages in its import closure (cold-start weight; runtime-provided boto3 counts 0).")
def f__import_mb(v: FunctionView) -> float:
    return v.fn.import_mb


@metric(F, "float", "Estimated unzipped deployment size in MB: its packages plus its code.")
def f__deploy_mb(v: FunctionView) -> float:
    return round(v.fn.import_mb + v.fn.reach_sloc * BYTES_PER_LINE / 1e6, 1)


@metric(F, "str", "The heaviest package it loads.")
def f__heaviest_package(v: FunctionView) -> str:
    return v.fn.packages[0].name if v.fn.packages else ""


@metric(F, "str", "The package whose weight is least justified: the largest MB × (1 − share of the code using it).")
def f__forced_import(v: FunctionView) -> str:
    return v.forced_import[0]


@metric(F, "float", "MB of `forced_import` with the packages it always brings.")
def f__forced_import_mb(v: FunctionView) -> float:
    return v.forced_import[1]


@metric(F, "float", "Share (0–1) of the function's lines in units whose module imports `forced_import`.")
def f__forced_import_share(v: FunctionView) -> float:
    return v.forced_import[2]


@metric(F, "str", "The modules that import `forced_import`.")
def f__forced_import_modules(v: FunctionView) -> str:
    return v.forced_import[3]


@metric(F, "int", "Module-level mutable state items (caches, counters, registries) its code writes or reads.")
def f__state_items(v: FunctionView) -> int:
    return len(v.state)


@metric(F, "str", "Those state items, as text.")
def f__state_names(v: FunctionView) -> str:
    return _names(_strip(s.resource) for s in v.state)


@metric(F, "int", "Tables it writes that other functions write too.")
def f__shared_tables(v: FunctionView) -> int:
    return len(v.shared_tables)


@metric(F, "str", "Each shared table with the other functions writing it (`orders` (also: cart, payments)).")
def f__shared_table_names(v: FunctionView) -> str:
    writers = v.ix.table_writers
    return "; ".join(f"`{_strip(t)}` (also: {', '.join(w for w in writers[t] if w != v.fn.name)})"
                     for t in v.shared_tables)


@metric(F, "str", "The shared tables' names only, as text (a stable key across edits).")
def f__shared_table_list(v: FunctionView) -> str:
    return ", ".join(_strip(t) for t in v.shared_tables)


@metric(F, "int", "The most functions writing any one table this function writes (1 when it is the only writer).")
def f__max_table_writers(v: FunctionView) -> int:
    tables = [w for w in v.fn.writes if w.startswith("table:")]
    return max((len(v.ix.table_writers.get(t, (v.fn.name,))) for t in tables), default=0)


@metric(F, "int", "Other functions it calls synchronously (Lambda invoke, or a call the plan's cut makes remote).")
def f__sync_fan_out(v: FunctionView) -> int:
    return len(v.ix.sync_targets.get(v.fn.name, ()))


@metric(F, "int", "Hops in the longest chain of synchronous calls between functions that starts here.")
def f__sync_chain_depth(v: FunctionView) -> int:
    return len(v.ix.longest_chain(v.fn.name)) - 1


@metric(F, "str", "That chain, as text (`a -> b -> c`).")
def f__sync_chain(v: FunctionView) -> str:
    return " -> ".join(v.ix.longest_chain(v.fn.name))


@metric(F, "int", "Long-running or CPU-bound work (sleep, subprocess, `while True` without break, numeric libraries) reached from its HTTP entry points.")
def f__slow_work(v: FunctionView) -> int:
    return len(v.slow_work)


@metric(F, "list", "Kinds of that work, sorted (`sleep`, `subprocess`, `unbounded-loop`, `cpu-bound`).")
def f__slow_work_kinds(v: FunctionView) -> tuple[str, ...]:
    return tuple(sorted({m.kind for m in v.slow_work}))


@metric(F, "str", "The first such work, as text (`time.sleep` in `pkg.mod.f`).")
def f__slow_work_first(v: FunctionView) -> str:
    return f"`{v.slow_work[0].detail}` in `{v.slow_work[0].scope}`" if v.slow_work else ""


@location(F, "state")
def _state_at(v: FunctionView) -> Location | None:
    for item in v.state:
        for unit in (*item.writers, *item.readers):
            if unit in v.fn.units:
                return v.ix.location(unit)
    return None


@location(F, "shared_table")
def _shared_table_at(v: FunctionView) -> Location | None:
    tables, units = set(v.shared_tables), set(v.fn.units)
    sites = sorted((v.ix.location(a.unit)[0], a.line) for a in v.ix.graph.accesses
                   if a.mode == "write" and a.resource in tables and a.unit in units)
    return sites[0] if sites else None


@location(F, "slow_work")
def _slow_work_at(v: FunctionView) -> Location | None:
    return (v.ix.location(v.slow_work[0].scope)[0], v.slow_work[0].line) if v.slow_work else None


# -- unit ---------------------------------------------------------------------------------

U = "unit"


@metric(U, "str", "The unit's qualified name.")
def u__name(v: UnitView) -> str:
    return v.qualname


@metric(U, "str", "`module`, `class`, `function` or `lambda`.")
def u__kind(v: UnitView) -> str:
    return v.info.unit.kind


@metric(U, "int", "Lines of code in its span, nested units included.")
def u__sloc(v: UnitView) -> int:
    return v.info.unit.sloc


@metric(U, "int", "Lines of code of the unit itself, without nested functions and classes.")
def u__own_sloc(v: UnitView) -> int:
    return v.info.unit.own_sloc


@metric(U, "int", "Cyclomatic complexity (radon).")
def u__complexity(v: UnitView) -> int:
    return v.info.unit.complexity


@metric(U, "bool", "True for an entry point (a route, task, command, handler...).")
def u__is_entry_point(v: UnitView) -> bool:
    return v.qualname in v.ix.triggers


@metric(U, "list", "Trigger kinds of the entry point, sorted (empty for other units).")
def u__trigger_kinds(v: UnitView) -> tuple[str, ...]:
    return tuple(sorted({t.kind for t in v.ix.triggers.get(v.qualname, ())}))


@metric(U, "bool", "True for `async def`.")
def u__is_async(v: UnitView) -> bool:
    return v.info.unit.is_async


@metric(U, "int", "Units of the app it calls directly and synchronously.")
def u__direct_callees(v: UnitView) -> int:
    return len(v.ix.callees.get(v.qualname, ()))


@metric(U, "int", "Lines of code it reaches over synchronous calls (entry points; its own lines otherwise).")
def u__reach_sloc(v: UnitView) -> int:
    return sum(v.ix.ctx.sloc.get(u, 0) for u in v.reach)


@metric(U, "int", "Reads of the event's routing keys (`event[\"path\"]`, `[\"httpMethod\"]`, `[\"rawPath\"]`...) in what it reaches.")
def u__event_routing(v: UnitView) -> int:
    return len(v.routing)


@metric(U, "str", "The first such read, as text (`event[\"path\"]` in `pkg.mod.f`).")
def u__event_routing_first(v: UnitView) -> str:
    return f"`{v.routing[0].detail}` in `{v.routing[0].scope}`" if v.routing else ""


@metric(U, "str", "The functions that deploy it, as text.")
def u__functions(v: UnitView) -> str:
    return ", ".join(v.ix.holders.get(v.qualname, ()))


@metric(U, "int", "Module-level mutable state items (caches, counters, registries) it writes at run time.")
def u__state_writes(v: UnitView) -> int:
    return len(v.ix.state_writes.get(v.qualname, ()))


@metric(U, "str", "Those state items, as text.")
def u__state_names(v: UnitView) -> str:
    return _names(_strip(r) for r in v.ix.state_writes.get(v.qualname, ()))


@metric(U, "int", "Functions that deploy it.")
def u__function_count(v: UnitView) -> int:
    return len(v.ix.holders.get(v.qualname, ()))


@metric(U, "str", "The functions that deploy it, at most three by name (`a, b, c and 4 more`).")
def u__function_names(v: UnitView) -> str:
    return _few(v.ix.holders.get(v.qualname, ()))


@location(U, "event_routing")
def _routing_at(v: UnitView) -> Location | None:
    return (v.ix.location(v.routing[0].scope)[0], v.routing[0].line) if v.routing else None


# -- boundary -----------------------------------------------------------------------------

B = "boundary"


@metric(B, "str", "`caller -> callee`.")
def b__name(v: BoundaryView) -> str:
    return f"{v.caller} -> {v.callee}"


@metric(B, "str", "The calling function.")
def b__caller(v: BoundaryView) -> str:
    return v.caller


@metric(B, "str", "The called function.")
def b__callee(v: BoundaryView) -> str:
    return v.callee


@metric(B, "int", "Synchronous remote invocations (boto3 Lambda `invoke`, RequestResponse) from caller into callee.")
def b__invokes(v: BoundaryView) -> int:
    return len(v.edges.get(INVOKE, ()))


@metric(B, "int", "In-process calls that the plan's cut turns into remote calls (proposed functions only).")
def b__crossing_calls(v: BoundaryView) -> int:
    return len(v.edges.get(CALL, ()))


@metric(B, "int", "`invokes` + `crossing_calls`: calls across the boundary the caller waits on.")
def b__sync_calls(v: BoundaryView) -> int:
    return len(v.edges.get(INVOKE, ())) + len(v.edges.get(CALL, ()))


@metric(B, "int", "Asynchronous hand-offs (task dispatch, `InvocationType=\"Event\"`, publish) across it.")
def b__dispatches(v: BoundaryView) -> int:
    return len(v.edges.get(DISPATCH, ()))


@metric(B, "str", "The first synchronous call site, as text (`pkg.mod.f`, line 12).")
def b__first_call(v: BoundaryView) -> str:
    sites = sorted(v.edges.get(INVOKE, []) + v.edges.get(CALL, []))
    return f"`{sites[0][0]}`, line {sites[0][1]}" if sites else ""


# -- app ----------------------------------------------------------------------------------

A = "app"


@metric(A, "str", "The app's name (its folder).")
def a__name(v: AppView) -> str:
    return v.ix.graph.root


@metric(A, "str", "`declared` when checked through its declared functions, `plan` through the proposed plan.")
def a__mode(v: AppView) -> str:
    return v.ix.mode


@metric(A, "int", "Functions checked.")
def a__functions(v: AppView) -> int:
    return len(v.ix.plan.functions)


@metric(A, "int", "Entry points of the app.")
def a__entry_points(v: AppView) -> int:
    return len({t.unit for t in v.ix.graph.entry_points})


@metric(A, "int", "Code units of the app.")
def a__units(v: AppView) -> int:
    return len(v.ix.graph.units)


@metric(A, "int", "Lines in the analysed files.")
def a__lines(v: AppView) -> int:
    return sum(v.ix.graph.files.values())


@metric(A, "int", "Tables written by more than one function.")
def a__shared_tables(v: AppView) -> int:
    return len(v.ix.plan.shared_tables)


@metric(A, "int", "Pairs of functions with calls or hand-offs between them.")
def a__boundaries(v: AppView) -> int:
    return len(v.ix.edges)
