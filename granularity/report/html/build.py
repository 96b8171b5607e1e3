"""Build the report's view from a plan, its baselines' scores, the program graph and the
findings: every number, sentence and anchor the page shows, before any template runs."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from granularity.model.findings import Finding
from granularity.model.graph import ProgramGraph
from granularity.model.plan import Plan
from granularity.partition.settings import Band
from granularity.report.html import findings as finding_view
from granularity.report.html.anchors import anchor, fn_link, plural, sentence
from granularity.report.html.functions import function_cards, overview
from granularity.report.html.picture import build_picture
from granularity.report.html.source import Excerpts, SourceReader
from granularity.report.html.view import (
    CrossingRow, Figure, Header, LayerRow, Link, MetricCell, MetricColumn, MetricRow, Metrics, ReportView,
    StateRow, StepRow, Summary, TableRow, Text,
)

#: The compare columns (`partition.evaluate.COLUMNS`): title, which way is better, what it measures.
METRIC_COLUMNS: dict[str, tuple[str, str, str]] = {
    "K": ("functions", "", "Candidate functions in the plan."),
    "SM": ("SM", "higher", "Structural modularity: calls inside functions against calls between them."),
    "TurboMQ": ("TurboMQ", "higher", "Modularisation quality: each function's share of its own calls."),
    "ICP": ("ICP", "lower", "Share of synchronous calls that cross a boundary (become remote)."),
    "IFN": ("IFN", "lower", "Mean number of units per function called from another function."),
    "NED": ("NED", "lower", "Share of functions whose size lies outside the granularity band."),
    "purity": ("data purity", "higher", "1.0 when every table is written by one function only."),
    "nano": ("nano", "lower", "Functions with too little code of their own."),
    "mini": ("mini", "lower", "Functions past a mini-monolith limit."),
    "dup_lines": ("duplicated lines", "lower", "Lines bundled into more than one function by shared layers."),
}
#: Columns shown as whole numbers.
COUNT_COLUMNS = frozenset({"K", "nano", "mini", "dup_lines"})


@dataclass(frozen=True)
class ReportInput:
    """Everything the report is made from."""

    plan: Plan
    graph: ProgramGraph
    band: Band
    #: Strategy → column → value, the plan's row included.
    scores: Mapping[str, Mapping[str, float]]
    findings: Sequence[Finding]
    rule_docs: Mapping[str, str] | None
    read_source: SourceReader | None
    date: str
    version: str


def settings_digest(settings: Mapping[str, object]) -> str:
    data = json.dumps(settings, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def _setting_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def header(data: ReportInput) -> Header:
    settings = data.plan.settings
    return Header(data.plan.app, data.date, data.version, settings_digest(settings),
                  tuple((str(k), _setting_text(v)) for k, v in sorted(settings.items())), data.plan.strategy)


def summary(data: ReportInput) -> Summary:
    graph, plan = data.graph, data.plan
    kinds = Counter(t.kind for t in graph.entry_points)
    kind_list = tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    severities = finding_view.severity_counts(data.findings)
    cards = (
        Figure("lines of code", f"{sum(graph.files.values()):,}", plural(len(graph.files), "file")),
        Figure("code units", f"{len(graph.units):,}", "modules, classes, functions, methods"),
        Figure("entry points", f"{len(graph.entry_points):,}", " · ".join(f"{k} {n}" for k, n in kind_list)),
        Figure("proposed functions", f"{len(plan.functions):,}", plural(len(plan.layers), "shared layer")),
        Figure("findings", f"{len(data.findings):,}", " · ".join(f"{s} {n}" for s, n in severities) or "none",
               "bad" if any(s == "error" for s, _ in severities) else ""),
    )
    return Summary(headline(plan), cards, kind_list, severities)


def headline(plan: Plan) -> tuple[Text, ...]:
    """The plan in a few plain sentences, ending with what to do first."""
    outside = sum(1 for fn in plan.functions if fn.notes)
    out = [f"The plan cuts `{plan.app}` into {plural(len(plan.functions), 'candidate function')}"
           + (f" ({outside:,} outside the granularity band)" if outside else "")
           + f" with {plural(len(plan.layers), 'shared layer')}."]
    if plan.crossing_calls:
        out.append(f"{plural(len(plan.crossing_calls), 'synchronous call')} would become remote calls between functions.")
    else:
        out.append("No synchronous call crosses a boundary.")
    if plan.shared_tables:
        out.append(f"{plural(len(plan.shared_tables), 'table')} would be written by more than one function.")
    if plan.state:
        out.append(f"{plural(len(plan.state), 'piece')} of in-memory state must move to a backing service.")
    if plan.migration:
        first = plan.migration[0]
        out.append(f"Extract `{first.function}` first: {first.reason}.")
    return tuple(sentence(s) for s in out)


def _metric_text(key: str, value: float) -> str:
    return f"{int(round(value)):,}" if key in COUNT_COLUMNS else f"{value:.3f}"


def _column(key: str) -> MetricColumn:
    title, better, help_text = METRIC_COLUMNS[key]
    arrow = {"higher": " ↑", "lower": " ↓"}.get(better, "")
    direction = {"higher": " Higher is better.", "lower": " Lower is better."}.get(better, "")
    return MetricColumn(key, title + arrow, help_text + direction)


def metrics(scores: Mapping[str, Mapping[str, float]], plan_strategy: str) -> Metrics:
    keys = [k for k in METRIC_COLUMNS if any(k in row for row in scores.values())]
    columns = tuple(_column(k) for k in keys)
    best: dict[str, float] = {}
    for key in keys:
        values = [row[key] for row in scores.values() if key in row]
        better = METRIC_COLUMNS[key][1]
        if better and values:
            best[key] = max(values) if better == "higher" else min(values)
    rows = []
    for strategy, row in scores.items():
        cells = tuple(MetricCell(_metric_text(c.key, row.get(c.key, 0.0)), float(row.get(c.key, 0.0)),
                                 c.key in best and row.get(c.key) == best[c.key]) for c in columns)
        rows.append(MetricRow(strategy, strategy == plan_strategy, cells))
    return Metrics(columns, tuple(rows))


def _unit(name: str, graph: ProgramGraph, excerpts: Excerpts) -> Link:
    info = graph.units.get(name)
    return Link(name, excerpts.unit(info) if info is not None else "")


def state_rows(plan: Plan, graph: ProgramGraph, excerpts: Excerpts) -> tuple[StateRow, ...]:
    return tuple(StateRow(
        s.resource, s.replacement, s.reason, tuple(_unit(u, graph, excerpts) for u in s.writers),
        tuple(_unit(u, graph, excerpts) for u in s.readers), tuple(map(fn_link, s.functions)),
    ) for s in plan.state)


def layer_rows(plan: Plan, graph: ProgramGraph, excerpts: Excerpts) -> tuple[LayerRow, ...]:
    return tuple(LayerRow(
        layer.name, anchor("layer", layer.name), f"{layer.sloc:,}", tuple(map(fn_link, layer.users)),
        tuple(_unit(u, graph, excerpts) for u in layer.units), layer.warning,
    ) for layer in plan.layers)


def crossing_rows(plan: Plan, graph: ProgramGraph, excerpts: Excerpts) -> tuple[CrossingRow, ...]:
    return tuple(CrossingRow(
        fn_link(c.caller_function), fn_link(c.callee_function), _unit(c.caller, graph, excerpts),
        _unit(c.callee, graph, excerpts), c.line,
    ) for c in plan.crossing_calls)


def table_rows(plan: Plan) -> tuple[TableRow, ...]:
    return tuple(TableRow(t.table.partition(":")[2] or t.table, anchor("table", t.table),
                          tuple(map(fn_link, t.writers))) for t in plan.shared_tables)


def migration_rows(plan: Plan) -> tuple[StepRow, ...]:
    return tuple(StepRow(i, fn_link(m.function), m.reason) for i, m in enumerate(plan.migration, 1))


def build_view(data: ReportInput) -> ReportView:
    """The whole page as plain data."""
    plan, graph = data.plan, data.graph
    excerpts = Excerpts(data.read_source)
    rows = finding_view.finding_rows(data.findings, {fn.name for fn in plan.functions}, excerpts)
    return ReportView(
        header=header(data), summary=summary(data), metrics=metrics(data.scores, plan.strategy),
        picture=build_picture(plan, graph), overview=overview(plan, rows),
        functions=function_cards(plan, graph, data.band, excerpts, rows),
        findings=rows, filters=finding_view.filters(rows), rules=finding_view.rule_views(data.findings, data.rule_docs),
        state=state_rows(plan, graph, excerpts), layers=layer_rows(plan, graph, excerpts),
        crossing=crossing_rows(plan, graph, excerpts), shared_tables=table_rows(plan),
        migration=migration_rows(plan), excerpts=excerpts.all(), sources_missing=not excerpts.available,
        kept_out=tuple((k.entry_point, sentence(k.detail)) for k in plan.kept_out),
    )
