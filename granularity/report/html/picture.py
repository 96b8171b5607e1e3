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
MAX_COLUMNS = 7
CELL_W, CELL_H = 184.0, 112.0
BOX_W, BOX_H = (118.0, 164.0), (58.0, 92.0)
MARGIN = 16.0
NODE_W, NODE_H, NODE_GAP, BAND_GAP = 140.0, 42.0, 14.0, 44.0
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


Rect = tuple[float, float, float, float]


def _place(fn: CandidateFunction, slot: int, cols: int, biggest: int) -> Rect:
    """The box of the function in `slot` of the snake: area grows with the lines it deploys."""
    row, col = divmod(slot, cols)
    if row % 2:
        col = cols - 1 - col
    t = math.sqrt(fn.reach_sloc / biggest) if biggest else 0.0
    w = BOX_W[0] + (BOX_W[1] - BOX_W[0]) * t
    h = BOX_H[0] + (BOX_H[1] - BOX_H[0]) * t
    return MARGIN + col * CELL_W + (CELL_W - w) / 2, MARGIN + row * CELL_H + (CELL_H - h) / 2, w, h


def _box(fn: CandidateFunction, key: str, rect: Rect) -> Box:
    x, y, w, h = rect
    entry = len(fn.entry_points)
    entries = f"{entry} entry point{'' if entry == 1 else 's'}"
    title = (f"{fn.name}: {entry} entry point{'s' if entry != 1 else ''}, {fn.reach_sloc:,} lines deployed "
             f"({fn.own_sloc:,} own), {fn.import_mb:,.1f} MB of packages" + "".join(f"; {n}" for n in fn.notes))
    return Box(key, fn.name, "#" + anchor("fn", fn.name), num(x), num(y), num(w), num(h),
               num(x + w / 2), num(y + h / 2 - 7), num(y + h / 2 + 9), num(y + h / 2 + 23), main_kind(fn),
               "warn" if fn.notes else "", fit_label(fn.name, w - 14), f"{fn.reach_sloc:,} lines",
               fit_label(entries, w - 10, 6.2), title)


def cylinder(x: float, y: float, w: float, h: float, ry: float = 6.0) -> str:
    """Outline of a database cylinder: the body, then the front edge of its lid."""
    r = f"{num(w / 2)} {num(ry)} 0 0"
    return (f"M{num(x)} {num(y + ry)} A{r} 1 {num(x + w)} {num(y + ry)} V{num(y + h - ry)} "
            f"A{r} 1 {num(x)} {num(y + h - ry)} Z M{num(x)} {num(y + ry)} A{r} 0 {num(x + w)} {num(y + ry)}")


def _clearance(a: Rect, b: Rect) -> float:
    """How far an arrow between two boxes that are not neighbours must bow to pass the
    largest box between them (twice the apex: the apex of a quadratic curve is halfway)."""
    dx = (b[0] + b[2] / 2) - (a[0] + a[2] / 2)
    dy = (b[1] + b[3] / 2) - (a[1] + a[3] / 2)
    if abs(dx) < 1.5 * CELL_W and abs(dy) < 1.5 * CELL_H:
        return 0.0
    length = math.hypot(dx, dy)
    return 2 * (14 + abs(dy) / length * BOX_W[1] / 2 + abs(dx) / length * BOX_H[1] / 2)


class Canvas:
    """Collects the shapes and how far they reach, so the viewBox can hold every curve."""

    def __init__(self, rects: dict[str, Rect], keys: dict[str, str], width: float, bottom: float) -> None:
        self.rects, self.keys = rects, keys
        self.width = width
        #: Where the next band of tables or layers goes.
        self.top = bottom - MARGIN + BAND_GAP / 2
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.low = (0.0, 0.0)
        self.high = (width, bottom)

    def reach(self, x: float, y: float) -> None:
        self.low = (min(self.low[0], x - MARGIN), min(self.low[1], y - MARGIN))
        self.high = (max(self.high[0], x + MARGIN), max(self.high[1], y + MARGIN))

    def calls(self, counts: Counter, kind: str, words: tuple[str, str]) -> None:
        for (a, b), n in sorted(counts.items()):
            if a not in self.rects or b not in self.rects:
                continue
            d, apex = bent_path(self.rects[a], self.rects[b], clearance=_clearance(self.rects[a], self.rects[b]))
            self.reach(*apex)
            self.edges.append(Edge(kind, d, stroke_width(n), f"{self.keys[a]} {self.keys[b]}",
                                   f"{a} → {b}: {n} {words[n != 1]}", True))

    def band(self, items: list[tuple[str, str, str, tuple[str, ...]]], kind: str) -> None:
        """A row (or rows) of shared tables or layers, each under the functions that use it."""
        if not items:
            return
        per_row = max(1, int((self.width - 2 * MARGIN + NODE_GAP) // (NODE_W + NODE_GAP)))
        ranked = sorted(items, key=lambda it: (self._centre(it[3]), it[0]))
        for i, (label, title, href, users) in enumerate(ranked):
            row, col = divmod(i, per_row)
            in_row = min(per_row, len(ranked) - row * per_row)
            x = (self.width - in_row * NODE_W - (in_row - 1) * NODE_GAP) / 2 + col * (NODE_W + NODE_GAP)
            y = self.top + row * (NODE_H + NODE_GAP)
            self._node(f"{kind[0]}{i}", kind, (x, y), label, title, href, users)
        rows = math.ceil(len(ranked) / per_row)
        self.top += rows * (NODE_H + NODE_GAP) - NODE_GAP + BAND_GAP
        self.high = (self.high[0], max(self.high[1], self.top - BAND_GAP + MARGIN))

    def _centre(self, users: tuple[str, ...]) -> float:
        xs = [self.rects[u][0] + self.rects[u][2] / 2 for u in users if u in self.rects]
        return sum(xs) / len(xs) if xs else 0.0

    def _node(self, key: str, kind: str, at: tuple[float, float], label: str, title: str, href: str,
              users: tuple[str, ...]) -> None:
        x, y = at
        outline = cylinder(x, y, NODE_W, NODE_H) if kind == "table" else ""
        sub = f"{'written by' if outline else 'in'} {len(users)} functions"
        top = y + NODE_H / 2 + (2 if outline else 0)
        self.nodes.append(Node(key, kind, num(x), num(y), num(NODE_W), num(NODE_H), num(x + NODE_W / 2),
                               num(top), num(top + 13), outline, fit_label(label, NODE_W - 12, 6.9), sub,
                               title, href))
        for user in users:
            if user in self.rects:
                bx, by, bw, bh = self.rects[user]
                self.edges.insert(0, Edge(kind, drop_path(bx + bw / 2, by + bh, x + NODE_W / 2, y), "1.2",
                                          f"{self.keys[user]} {key}", f"{user} — {label}", False))

    def view_box(self) -> tuple[str, int, int]:
        w, h = self.high[0] - self.low[0], self.high[1] - self.low[1]
        return f"{num(self.low[0])} {num(self.low[1])} {num(w)} {num(h)}", int(round(w)), int(round(h))


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
    keys = {fn.name: str(i) for i, fn in enumerate(plan.functions)}
    rects = {name: _place(by_name[name], slot, cols, biggest) for slot, name in enumerate(line)}
    grid_bottom = 2 * MARGIN + math.ceil(len(line) / cols) * CELL_H
    canvas = Canvas(rects, keys, 2 * MARGIN + cols * CELL_W, grid_bottom)
    canvas.band(_tables(plan), "table")
    canvas.band(_layers(plan), "layer")
    canvas.calls(dispatch, "async", ("asynchronous dispatch", "asynchronous dispatches"))
    canvas.calls(sync, "sync", ("synchronous call", "synchronous calls"))
    boxes = tuple(_box(fn, keys[fn.name], rects[fn.name]) for fn in plan.functions)
    kinds = sorted({b.kind for b in boxes}, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k))
    view_box, width, height = canvas.view_box()
    return Picture(view_box, width, height, boxes, tuple(canvas.nodes), tuple(canvas.edges), tuple(kinds),
                   _note(plan))
