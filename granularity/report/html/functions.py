"""One card per candidate function, and the overview table that leads to the cards."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from granularity.model.graph import ProgramGraph
from granularity.model.plan import CandidateFunction, Plan
from granularity.partition.settings import Band
from granularity.report.html.anchors import anchor, fn_link, sentence
from granularity.report.html.picture import main_kind
from granularity.report.html.source import Excerpts
from granularity.report.html.view import (
    Figure, FindingRow, FunctionCard, Link, MetricCell, OverviewRow, PackageView, TriggerView, UnitView,
)

#: The detail that says where a trigger comes from, per kind (the rest is listed as key=value).
MAIN_DETAILS = {
    "http": ("methods", "path"), "queue": ("name", "queue"), "schedule": ("schedule",),
    "cli": ("command",), "event": ("event", "sender"), "faas": ("handler",),
}


def trigger_view(unit: str, kind: str, details: tuple[tuple[str, str], ...], href: str) -> TriggerView:
    values = dict(details)
    main = MAIN_DETAILS.get(kind, ())
    summary = " ".join(values[k] for k in main if values.get(k))
    extra = ", ".join(f"{k}={v}" for k, v in details if k not in main)
    return TriggerView(kind, Link(unit, href), summary, extra)


def _tone(bad: bool, warn: bool = False) -> str:
    return "bad" if bad else "warn" if warn else ""


def figures(fn: CandidateFunction, band: Band, declared: bool = False) -> tuple[Figure, ...]:
    """`declared`: a deployed function, whose modules load their whole import closure; a
    proposed one counts what its code needs (docs/partition.md)."""
    tables = sum(1 for w in fn.writes if w.startswith("table:"))
    entry = len(fn.entry_points)
    return (
        Figure("entry points", f"{entry:,}", tone=_tone(entry > band.max_entry_points)),
        Figure("deployed lines", f"{fn.reach_sloc:,}", "own code and bundled layers",
               _tone(fn.reach_sloc > band.max_reach_sloc)),
        Figure("own lines", f"{fn.own_sloc:,}", "only this function has them", _tone(False, fn.own_sloc < band.min_own_sloc)),
        Figure("complexity", f"{fn.complexity:,}", "cyclomatic, own units"),
        Figure("cold-start weight", f"{fn.import_mb:,.1f} MB",
               "packages in its import closure" if declared else "packages its code needs",
               _tone(fn.import_mb > band.max_import_mb)),
        Figure("tables written", f"{tables:,}", tone=_tone(tables > band.max_tables_written)),
    )


def _units(fn: CandidateFunction, graph: ProgramGraph, excerpts: Excerpts) -> tuple[UnitView, ...]:
    own = set(fn.own_units)
    out = []
    for name in fn.units:
        info = graph.units.get(name)
        href = excerpts.unit(info) if info is not None else ""
        sloc = info.unit.own_sloc if info is not None else 0
        complexity = info.unit.complexity if info is not None else 0
        out.append(UnitView(name, href, sloc, complexity, name in own))
    return tuple(sorted(out, key=lambda u: (not u.own, u.name)))


def _triggers(fn: CandidateFunction, graph: ProgramGraph, excerpts: Excerpts) -> tuple[TriggerView, ...]:
    out = []
    for unit, kind, details in fn.triggers:
        info = graph.units.get(unit)
        out.append(trigger_view(unit, kind, details, excerpts.unit(info) if info is not None else ""))
    return tuple(out)


def _neighbours(plan: Plan, name: str) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    calls_out = sorted({c.callee_function for c in plan.crossing_calls if c.caller_function == name})
    calls_in = sorted({c.caller_function for c in plan.crossing_calls if c.callee_function == name})
    return tuple(map(fn_link, calls_out)), tuple(map(fn_link, calls_in))


def function_cards(plan: Plan, graph: ProgramGraph, band: Band, excerpts: Excerpts,
                   findings: Sequence[FindingRow]) -> tuple[FunctionCard, ...]:
    steps = {m.function: i for i, m in enumerate(plan.migration, 1)}
    cards = []
    for fn in plan.functions:
        calls_out, calls_in = _neighbours(plan, fn.name)
        packages = tuple(PackageView(p.name, f"{p.size_mb:,.1f} MB", p.source, p.source == "estimate")
                         for p in fn.packages)
        cards.append(FunctionCard(
            name=fn.name, anchor=anchor("fn", fn.name), kind=main_kind(fn),
            figures=figures(fn, band, declared=plan.strategy == "declared"),
            notes=fn.notes, triggers=_triggers(fn, graph, excerpts), units=_units(fn, graph, excerpts),
            own_count=len(fn.own_units), layers=tuple(Link(n, "#" + anchor("layer", n)) for n in fn.layers),
            writes=fn.writes, reads=fn.reads, packages=packages,
            estimated_sizes=any(p.is_estimate for p in packages), calls_out=calls_out, calls_in=calls_in,
            findings=tuple(f for f in findings if f.function.label == fn.name),
            rationale=tuple(sentence(s) for s in fn.rationale), step=steps.get(fn.name, 0),
        ))
    return tuple(cards)


def overview(plan: Plan, findings: Sequence[FindingRow]) -> tuple[OverviewRow, ...]:
    counts = Counter(f.function.label for f in findings)
    rows = []
    for fn in plan.functions:
        numbers = (len(fn.entry_points), fn.own_sloc, fn.reach_sloc, fn.complexity)
        cells = tuple(MetricCell(f"{n:,}", float(n)) for n in numbers) + (
            MetricCell(f"{fn.import_mb:,.1f}", fn.import_mb),
            MetricCell(f"{counts.get(fn.name, 0):,}", float(counts.get(fn.name, 0))),
        )
        rows.append(OverviewRow(fn_link(fn.name), main_kind(fn), cells, bool(fn.notes)))
    return tuple(rows)
