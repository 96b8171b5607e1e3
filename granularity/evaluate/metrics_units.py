"""Metrics of units, of boundaries between functions, and of the whole app. Registered in
the table of metrics.py."""

from __future__ import annotations

from granularity.evaluate.metrics import few as _few
from granularity.evaluate.metrics import location, metric
from granularity.evaluate.metrics import names as _names
from granularity.evaluate.metrics import strip as _strip
from granularity.evaluate.subjects import AppView, BoundaryView, Location, UnitView
from granularity.model.graph import CALL, DISPATCH, INVOKE

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
