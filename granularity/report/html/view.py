"""The HTML report's view: plain data the templates loop over and print.

Everything a template shows is computed here first, as text, numbers and anchors; the
templates hold no logic beyond loops and conditionals. Two kinds of field carry markup
already made safe: `Markup` from pygments (source excerpts, escaped by the lexer) and
from the markdown renderer (rule documentation, raw HTML disabled); nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class Text:
    """A sentence cut into plain and `code` parts (backticks in the source text)."""

    #: (text, is_code) pairs, in order.
    parts: tuple[tuple[str, bool], ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A name and where it points inside the report ("" when nowhere)."""

    label: str
    href: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """One labelled number of a summary card or a function card."""

    label: str
    value: str
    #: A smaller line under the value ("" when none).
    detail: str = ""
    #: "", "warn" or "bad": how the value compares with the band.
    tone: str = ""


@dataclass(frozen=True, slots=True)
class Header:
    """The page's title block."""

    app: str
    date: str
    version: str
    #: Short digest of the settings, and the settings themselves as (key, value) text pairs.
    settings_digest: str
    settings: tuple[tuple[str, str], ...]
    strategy: str


@dataclass(frozen=True, slots=True)
class MetricColumn:
    """A column of the compare table."""

    key: str
    #: The title with an arrow saying which way is better.
    label: str
    #: What it measures and which way is better.
    help: str


@dataclass(frozen=True, slots=True)
class MetricCell:
    """A number as printed, with the raw value to sort by."""

    text: str
    #: Sort key (the raw number).
    value: float
    best: bool = False


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One strategy's scores."""

    strategy: str
    is_plan: bool
    cells: tuple[MetricCell, ...]


@dataclass(frozen=True, slots=True)
class Metrics:
    """The compare table: the plan beside its baselines."""

    columns: tuple[MetricColumn, ...]
    rows: tuple[MetricRow, ...]


@dataclass(frozen=True, slots=True)
class TriggerView:
    """One trigger of a function's entry points."""

    kind: str
    unit: Link
    #: The route or schedule in one line (`GET,POST /orders/<id>`, `crontab(...)`).
    summary: str
    #: The other details as `key=value` text.
    extra: str


@dataclass(frozen=True, slots=True)
class UnitView:
    """A member unit of a function, linked to its source."""

    name: str
    #: Anchor of its source excerpt ("" when the source was not available).
    href: str
    sloc: int
    complexity: int
    #: True when only this function reaches it; False when bundled from a shared layer.
    own: bool


@dataclass(frozen=True, slots=True)
class PackageView:
    """A third-party package a function loads."""

    name: str
    size: str
    #: "installed", "estimate" or "runtime".
    source: str
    is_estimate: bool


@dataclass(frozen=True, slots=True)
class FunctionCard:
    """Everything the card of one candidate function shows."""

    name: str
    anchor: str
    #: Main trigger kind, for the colour.
    kind: str
    figures: tuple[Figure, ...]
    notes: tuple[str, ...]
    triggers: tuple[TriggerView, ...]
    units: tuple[UnitView, ...]
    own_count: int
    #: Shared layers it bundles.
    layers: tuple[Link, ...]
    writes: tuple[str, ...]
    reads: tuple[str, ...]
    packages: tuple[PackageView, ...]
    #: True when any package size is an estimate.
    estimated_sizes: bool
    calls_out: tuple[Link, ...]
    calls_in: tuple[Link, ...]
    findings: tuple["FindingRow", ...]
    rationale: tuple[Text, ...]
    step: int


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One line of the functions table: entry points, own lines, deployed lines, complexity,
    packages MB and findings, as sortable cells."""

    card: Link
    kind: str
    cells: tuple[MetricCell, ...]
    #: True when the function breaks a band limit.
    flagged: bool


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One row of the findings table."""

    index: int
    anchor: str
    rule: str
    name: str
    rule_href: str
    severity: str
    #: Sort rank of the severity (error highest).
    severity_rank: int
    function: Link
    subject: str
    message: Text
    location: str
    source_href: str


@dataclass(frozen=True, slots=True)
class RuleView:
    """One rule with its documentation and how often it fired."""

    rule: str
    name: str
    anchor: str
    doc: Markup
    has_doc: bool
    count: int


@dataclass(frozen=True, slots=True)
class StateRow:
    """In-memory state to move out, with who writes and reads it."""

    resource: str
    replacement: str
    reason: str
    writers: tuple[Link, ...]
    readers: tuple[Link, ...]
    functions: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class LayerRow:
    """A shared layer and the functions that bundle it."""

    name: str
    anchor: str
    #: Its lines, as text.
    size: str
    users: tuple[Link, ...]
    units: tuple[Link, ...]
    warning: str


@dataclass(frozen=True, slots=True)
class CrossingRow:
    """A synchronous call that becomes a remote call."""

    caller_function: Link
    callee_function: Link
    caller: Link
    callee: Link
    line: int


@dataclass(frozen=True, slots=True)
class TableRow:
    """A table written by more than one function."""

    table: str
    anchor: str
    writers: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class StepRow:
    """One step of the migration order."""

    step: int
    function: Link
    reason: str


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A highlighted piece of a source file."""

    anchor: str
    title: str
    path: str
    first: int
    last: int
    #: (line number, highlighted HTML of the line, is the line to look at).
    lines: tuple[tuple[int, Markup, bool], ...]
    #: Lines of the unit left out after `last` (the excerpt is capped).
    more: int


@dataclass(frozen=True, slots=True)
class Box:
    """A candidate function in the picture. Coordinates are SVG user units, printed as text."""

    #: Its key in edges' `ends` (its position in the plan's functions).
    key: str
    name: str
    href: str
    x: str
    y: str
    w: str
    h: str
    #: Centre line and the baselines of the three text lines.
    cx: str
    name_y: str
    sub_y: str
    sub2_y: str
    kind: str
    #: "", "warn" (a band note): drawn with a warning border.
    tone: str
    label: str
    #: Lines deployed, and entry points.
    sub: str
    sub2: str
    title: str


@dataclass(frozen=True, slots=True)
class Node:
    """A shared table (a cylinder, drawn by `d`) or a shared layer (a rectangle) in the picture."""

    #: Its key in edges' `ends` (`t0`, `l3`).
    key: str
    kind: str
    x: str
    y: str
    w: str
    h: str
    cx: str
    text_y: str
    sub_y: str
    #: Outline path for a table; "" for a layer.
    d: str
    label: str
    #: Who uses it, in a few words.
    sub: str
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class Edge:
    """An arrow between functions, or a line from a function to a shared table or layer."""

    #: "sync", "async", "table" or "layer".
    kind: str
    #: SVG path data.
    d: str
    width: str
    #: Keys of the boxes and nodes it joins, space-separated (for highlighting).
    ends: str
    title: str
    arrow: bool


@dataclass(frozen=True, slots=True)
class Picture:
    """The plan as an SVG: its size, shapes and what was left out."""

    #: The SVG viewBox (`x y width height`) and the natural size.
    view_box: str
    width: int
    height: int
    boxes: tuple[Box, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    #: Trigger kinds shown, for the legend.
    kinds: tuple[str, ...]
    #: What was left out to keep it readable ("" when nothing).
    note: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The summary: headline sentences and cards."""

    #: What the plan says, in a few sentences, ending with what to extract first.
    headline: tuple[Text, ...]
    cards: tuple[Figure, ...]
    #: (kind, count) of entry points by trigger kind.
    kinds: tuple[tuple[str, int], ...]
    #: (severity, count), highest first.
    severities: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class FilterChoice:
    """One option of a findings filter."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Filters:
    """The choices of the findings filters."""

    rules: tuple[FilterChoice, ...]
    severities: tuple[FilterChoice, ...]
    functions: tuple[FilterChoice, ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    """The whole page."""

    header: Header
    summary: Summary
    metrics: Metrics
    picture: Picture
    overview: tuple[OverviewRow, ...]
    functions: tuple[FunctionCard, ...]
    findings: tuple[FindingRow, ...]
    filters: Filters
    rules: tuple[RuleView, ...]
    state: tuple[StateRow, ...]
    layers: tuple[LayerRow, ...]
    crossing: tuple[CrossingRow, ...]
    shared_tables: tuple[TableRow, ...]
    migration: tuple[StepRow, ...]
    excerpts: tuple[Excerpt, ...]
    #: True when no source reader was given (excerpts are then absent).
    sources_missing: bool
    #: Entry points left out of every function, with why: (entry point, detail).
    kept_out: tuple[tuple[str, Text], ...] = ()
