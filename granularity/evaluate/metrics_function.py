"""Metrics of functions (candidate or declared): size, triggers, tables, packages, state,
synchronous calls to other functions, slow work. Registered in the table of metrics.py."""

from __future__ import annotations

from granularity.evaluate.metrics import location, metric
from granularity.evaluate.metrics import names as _names
from granularity.evaluate.metrics import strip as _strip
from granularity.evaluate.subjects import FunctionView, Location

#: Estimated bytes of deployed source per line of code.
BYTES_PER_LINE = 40

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


@metric(F, "int", "Tables that its HTTP entry points and its other entry points work on, one side writing them (a reason to mix them).")
def f__mixed_shared_tables(v: FunctionView) -> int:
    return len(v.mix.tables) if v.mix else 0


@metric(F, "str", "Why it mixes HTTP with other triggers: `tables`, `call` (one waits on the other), `code` (shared code), or empty when it does not mix them or has no reason.")
def f__mixed_reason(v: FunctionView) -> str:
    return v.mix.reason if v.mix else ""


@metric(F, "bool", "True when it holds HTTP entry points and entry points of other trigger kinds (different entry points).")
def f__mixes_triggers(v: FunctionView) -> bool:
    return v.mix is not None


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


@metric(F, "float", "MB of third-party packages in its import closure (cold-start weight; runtime-provided boto3 counts 0): as written for a declared function, what its code needs for a planned one.")
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


