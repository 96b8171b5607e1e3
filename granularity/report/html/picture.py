"""The plan as a picture: candidate functions as boxes sized by the code they deploy,
arrows for the calls between them, and the tables and layers they share.

A layout of our own, deterministic by construction (no random seed, no float noise in
the output): functions are put in a line so that the ones that call each other or share
data sit next to each other, the line is wrapped row by row in a snake (so neighbours
stay neighbours across a row's end), and the shared tables and layers go in rows
beneath, each under the functions that use it. Every coordinate is printed with one
decimal, so the same plan always gives the same SVG bytes.
"""

from __future__ import annotations

import math
from collections import Counter

from granularity.model.graph import DISPATCH, INVOKE, ProgramGraph
from granularity.model.plan import CandidateFunction, Plan
from granularity.report.html.anchors import anchor
from granularity.report.html.geometry import bent_path, drop_path, fit_label, num, stroke_width
from granularity.report.html.view import Box, Edge, Node, Picture

#: Trigger kinds in legend order; the first of a function's most common kinds colours its box.
KIND_ORDER = ("http", "queue", "schedule", "event", "cli", "faas")
MAX_COLUMNS = 8
CELL_W, CELL_H = 184.0, 112.0
BOX_W, BOX_H = (112.0, 164.0), (48.0, 90.0)
MARGIN = 16.0
NODE_W, NODE_H, NODE_GAP, BAND_GAP = 136.0, 38.0, 14.0, 44.0
#: Shared layers drawn (the ones duplicating the most lines); the rest are listed in their section.
MAX_LAYERS = 12
MAX_TABLES = 24

Pair = tuple[str, str]


def main_kind(fn: CandidateFunction) -> str:
    kinds = Counter(kind for _, kind, _ in fn.triggers)
    if not kinds:
        return "none"
    return sorted(kinds, key=lambda k: (-kinds[k], KIND_ORDER.index(k) if k in KIND_ORDER else 99, k))[0]


def function_calls(plan: Plan, graph: ProgramGraph) -> tuple[Counter, Counter]:
    """(synchronous, asynchronous) call counts between functions, by (caller, callee) function."""
    sync: Counter = Counter((c.caller_function, c.callee_function) for c in plan.crossing_calls)
    dispatch: Counter = Counter()
    for edge in graph.calls:
        if edge.kind not in (DISPATCH, INVOKE):
            continue
        a = plan.home.get(edge.caller)
        b = plan.assignment.get(edge.callee) or plan.home.get(edge.callee)
        if a and b and a != b:
            (dispatch if edge.kind == DISPATCH else sync)[(a, b)] += 1
    return sync, dispatch


def affinity(plan: Plan, sync: Counter, dispatch: Counter) -> dict[Pair, float]:
    """How strongly two functions belong side by side in the picture."""
    weights: Counter = Counter()

    def add(a: str, b: str, w: float) -> None:
        if a != b:
            weights[(min(a, b), max(a, b))] += w

    for (a, b), n in sorted((sync + dispatch).items()):
        add(a, b, 3.0 + n)
    for table in plan.shared_tables:
        for i, a in enumerate(table.writers):
            for b in table.writers[i + 1:]:
                add(a, b, 2.0)
    for layer in plan.layers:
        for i, a in enumerate(layer.users):
            for b in layer.users[i + 1:]:
                add(a, b, 1.0 / len(layer.users))
    return dict(weights)


def order(names: list[str], weights: dict[Pair, float]) -> list[str]:
    """Greedy linear order: start from the best-connected function, then always take the one
    most connected to those already placed (ties: more connected overall, then by name)."""
    degree = Counter()
    neighbours: dict[str, dict[str, float]] = {n: {} for n in names}
    for (a, b), w in weights.items():
        degree[a] += w
        degree[b] += w
        neighbours[a][b] = w
        neighbours[b][a] = w
    pull = Counter()
    rest = set(names)
    out: list[str] = []
    while rest:
        pick = min(rest, key=lambda n: (-pull[n], -degree[n], n))
        rest.discard(pick)
        out.append(pick)
        for other, w in neighbours[pick].items():
            if other in rest:
                pull[other] += w
    return out


def columns(count: int) -> int:
    return max(1, count if count <= 5 else min(MAX_COLUMNS, math.ceil(math.sqrt(count * 1.6))))


def _box(fn: CandidateFunction, index: int, slot: int, cols: int, biggest: int) -> Box:
    row, col = divmod(slot, cols)
    if row % 2:
        col = cols - 1 - col
    t = math.sqrt(fn.reach_sloc / biggest) if biggest else 0.0
    w = BOX_W[0] + (BOX_W[1] - BOX_W[0]) * t
    h = BOX_H[0] + (BOX_H[1] - BOX_H[0]) * t
    x = MARGIN + col * CELL_W + (CELL_W - w) / 2
    y = MARGIN + row * CELL_H + (CELL_H - h) / 2
    entry = len(fn.entry_points)
    title = (f"{fn.name}: {entry} entry point{'s' if entry != 1 else ''}, {fn.reach_sloc:,} lines deployed "
             f"({fn.own_sloc:,} own), {fn.import_mb:,.1f} MB of packages" + "".join(f"; {n}" for n in fn.notes))
    return Box(index, fn.name, "#" + anchor("fn", fn.name), round(x, 1), round(y, 1), round(w, 1), round(h, 1),
               main_kind(fn), "warn" if fn.notes else "", fit_label(fn.name, w - 14),
               fit_label(f"{fn.reach_sloc:,} lines · {entry} entry", w - 10, 6.2), title)


def _rect(box: Box) -> tuple[float, float, float, float]:
    return box.x, box.y, box.w, box.h


def _call_edges(boxes: dict[str, Box], sync: Counter, dispatch: Counter) -> list[Edge]:
    edges = []
    for kind, counts, word in (("async", dispatch, "asynchronous dispatch"), ("sync", sync, "synchronous call")):
        for (a, b), n in sorted(counts.items()):
            if a not in boxes or b not in boxes:
                continue
            title = f"{a} → {b}: {n} {word}{'es' if word.endswith('h') and n != 1 else 's' if n != 1 else ''}"
            edges.append(Edge(kind, bent_path(_rect(boxes[a]), _rect(boxes[b])), stroke_width(n),
                              f"{boxes[a].index} {boxes[b].index}", title, True))
    return edges


def _band(items: list[tuple[str, str, str, tuple[str, ...]]], kind: str, boxes: dict[str, Box],
          top: float, width: float) -> tuple[list[Node], list[Edge], float]:
    """Lay a row (or rows) of shared tables or layers under the functions that use them."""
    if not items:
        return [], [], top

    def centre(users: tuple[str, ...]) -> float:
        xs = [boxes[u].x + boxes[u].w / 2 for u in users if u in boxes]
        return sum(xs) / len(xs) if xs else 0.0

    per_row = max(1, int((width - 2 * MARGIN + NODE_GAP) // (NODE_W + NODE_GAP)))
    ranked = sorted(items, key=lambda it: (centre(it[3]), it[0]))
    nodes, edges = [], []
    for i, (label, title, href, users) in enumerate(ranked):
        row, col = divmod(i, per_row)
        in_row = min(per_row, len(ranked) - row * per_row)
        span = in_row * NODE_W + (in_row - 1) * NODE_GAP
        x = (width - span) / 2 + col * (NODE_W + NODE_GAP)
        y = top + row * (NODE_H + NODE_GAP)
        nodes.append(Node(kind, round(x, 1), round(y, 1), NODE_W, NODE_H, fit_label(label, NODE_W - 14),
                          title, href))
        for user in users:
            if user in boxes:
                b = boxes[user]
                edges.append(Edge(kind, drop_path(b.x + b.w / 2, b.y + b.h, x + NODE_W / 2, y), "1.2",
                                  str(b.index), f"{user} — {label}", False))
    rows = math.ceil(len(ranked) / per_row)
    return nodes, edges, top + rows * (NODE_H + NODE_GAP) - NODE_GAP + BAND_GAP


def _tables(plan: Plan) -> list[tuple[str, str, str, tuple[str, ...]]]:
    out = []
    for t in plan.shared_tables[:MAX_TABLES]:
        name = t.table.partition(":")[2] or t.table
        out.append((name, f"table {name}, written by {', '.join(t.writers)}", "#" + anchor("table", t.table),
                    t.writers))
    return out


def _layers(plan: Plan) -> list[tuple[str, str, str, tuple[str, ...]]]:
    ranked = sorted(plan.layers, key=lambda l: (-l.sloc * (len(l.users) - 1), l.name))[:MAX_LAYERS]
    return [(l.name, f"shared layer {l.name}: {l.sloc:,} lines bundled into {', '.join(l.users)}",
             "#" + anchor("layer", l.name), l.users) for l in sorted(ranked, key=lambda l: l.name)]


def _note(plan: Plan) -> str:
    left = []
    if len(plan.layers) > MAX_LAYERS:
        left.append(f"{len(plan.layers) - MAX_LAYERS} smaller shared layers")
    if len(plan.shared_tables) > MAX_TABLES:
        left.append(f"{len(plan.shared_tables) - MAX_TABLES} more shared tables")
    return ("Not drawn, to keep the picture readable: " + " and ".join(left) + " (listed in their sections).") \
        if left else ""


def build_picture(plan: Plan, graph: ProgramGraph) -> Picture:
    """The picture of `plan`: boxes, arrows, shared tables and layers, with their coordinates."""
    sync, dispatch = function_calls(plan, graph)
    by_name = {fn.name: fn for fn in plan.functions}
    line = order(sorted(by_name), affinity(plan, sync, dispatch))
    cols = columns(len(line))
    biggest = max((fn.reach_sloc for fn in plan.functions), default=0)
    index = {fn.name: i for i, fn in enumerate(plan.functions)}
    boxes = {name: _box(by_name[name], index[name], slot, cols, biggest) for slot, name in enumerate(line)}
    width = 2 * MARGIN + cols * CELL_W
    top = MARGIN + math.ceil(len(line) / cols) * CELL_H + BAND_GAP / 2
    table_nodes, table_edges, top = _band(_tables(plan), "table", boxes, top, width)
    layer_nodes, layer_edges, top = _band(_layers(plan), "layer", boxes, top, width)
    kinds = sorted({b.kind for b in boxes.values()}, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k))
    return Picture(
        width=int(width), height=int(top - BAND_GAP + MARGIN if (table_nodes or layer_nodes) else top - BAND_GAP / 2),
        boxes=tuple(sorted(boxes.values(), key=lambda b: b.index)),
        nodes=tuple(table_nodes + layer_nodes),
        edges=tuple(layer_edges + table_edges + _call_edges(boxes, sync, dispatch)),
        kinds=tuple(kinds), note=_note(plan),
    )
