"""Explanations: why a candidate function holds together, where it was cut and what each
cut costs, and which band limits it breaks. Every sentence names concrete code."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from granularity.model.plan import CandidateFunction
from granularity.partition.context import PlanContext
from granularity.partition.mixing import CALL, CODE, TABLES, mix_of, shared_code
from granularity.partition.settings import Band

MAX_BONDS = 3
#: Functions named in one sentence; past this, a count and the first few.
MAX_NAMED = 5


def _tables(resources) -> list[str]:
    return sorted(r.partition(":")[2] for r in resources if r.startswith("table:"))


def _bond(ctx: PlanContext, a: str, b: str) -> str | None:
    both_write = _tables(ctx.own_tables[a][0] & ctx.own_tables[b][0])
    code = shared_code(ctx, a, b)
    parts = []
    if both_write:
        parts.append("both write " + ", ".join(f"`{t}`" for t in both_write))
    if code:
        path, lines = code[0]
        more = f" (and {len(code) - 1} more file{'s' if len(code) > 2 else ''})" if len(code) > 1 else ""
        parts.append(f"share {lines:,} lines of {path}{more}")
    link = _link(ctx, a, b) or _link(ctx, b, a)
    if not parts:
        return f"{link}." if link else None
    return f"`{a}` and `{b}` " + " and ".join(parts) + (f"; {link}." if link else ".")


def _link(ctx: PlanContext, caller: str, callee: str) -> str | None:
    """How one entry point waits on the other directly, in words, or None."""
    atom = ctx.atoms[caller]
    if callee in atom.reach:
        return f"`{caller}` calls `{callee}` synchronously"
    if callee in atom.invokes:
        return f"`{caller}` invokes `{callee}` synchronously"
    if callee in atom.fires:
        tables = {t.detail("table") for t in ctx.atoms[callee].triggers if t.detail("table")}
        if tables:
            return (f"`{caller}` saves rows of {', '.join(f'`{t}`' for t in _tables(tables))}, which runs "
                    f"signal receiver `{callee}` in process")
        signals = sorted({t.detail("event") for t in ctx.atoms[callee].triggers if t.detail("event")})
        return (f"`{caller}` sends {', '.join(f'`{s}`' for s in signals)}, which runs signal receiver "
                f"`{callee}` in process")
    return None


def _group_bond(fn: CandidateFunction, affinity) -> list[str]:
    """When nothing but their structural group holds entry points together, say so."""
    for a, b in combinations(fn.entry_points, 2):
        group = affinity.domain.get(a)
        if group is not None and affinity.reason(a, b).get("group"):
            return [f"`{a}` and `{b}` share no table, code or call: only their place in `{group}` "
                    "(the app's own grouping) holds them together."]
    return []


def _routing(fn: CandidateFunction, ctx: PlanContext, entry_home: dict[str, str]) -> list[str]:
    """What happens to the dispatch table of a Lambda-lith router this function holds."""
    out = []
    for router, handlers in sorted(ctx.routed.items()):
        if router not in fn.entry_points:
            continue
        kept = [h for h in handlers if entry_home.get(h) == fn.name]
        moved = Counter(entry_home[h] for h in handlers if h in entry_home and entry_home[h] != fn.name)
        text = (f"`{router}` keeps {len(kept)} of the {len(handlers)} routes of its dispatch table"
                " in process")
        if moved:
            text += ("; API Gateway routes the others directly to "
                     + ", ".join(f"`{n}` ({k})" for n, k in sorted(moved.items())))
        out.append(text + ".")
    return out


def rationale_for(fn: CandidateFunction, ctx: PlanContext, affinity, crossing, shared_tables,
                  entry_home: dict[str, str] | None = None, gathered: bool = False) -> tuple[str, ...]:
    """`gathered`: the function gathers entry points too small to deploy alone."""
    kinds = Counter(k for t in fn.triggers for k in [t[1]])
    groups = Counter(ctx.atoms[a].group for a in fn.entry_points)
    listed = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    # an entry point with several routes or schedules has a trigger for each
    count = sum(kinds.values())
    triggers = f"triggers: {listed}" if count == len(fn.entry_points) else f"{count} triggers: {listed}"
    out = [f"Holds {len(fn.entry_points)} entry point{'s' if len(fn.entry_points) != 1 else ''} "
           f"({triggers}) from " + ", ".join(f"`{g}`" for g, _ in groups.most_common(3)) + "."]
    if gathered:
        out.append("Gathers entry points too small to deploy alone that share nothing with any other "
                   f"function: one deployable and one cold start instead of {len(fn.entry_points)}. "
                   "Give one its own function when it grows.")
    pairs = sorted(combinations(fn.entry_points, 2),
                   key=lambda p: (-(affinity.get(*p) if affinity else 0.0), p))
    bonds = [s for s in (_bond(ctx, a, b) for a, b in pairs[:20]) if s][:MAX_BONDS]
    if not bonds and affinity is not None:
        bonds = _group_bond(fn, affinity)
    out.extend(bonds)
    out.extend(_routing(fn, ctx, entry_home or {}))
    mix = _mix_reason(fn, ctx, gathered)
    if mix:
        out.append(mix)
    out.extend(_cuts(fn, crossing, shared_tables))
    return tuple(out)


def _mix_reason(fn: CandidateFunction, ctx: PlanContext, gathered: bool) -> str | None:
    mix = mix_of(ctx, fn.entry_points)
    if mix is None:
        return None
    others = ", ".join(mix.kinds)
    if mix.reason == TABLES:
        return (f"Mixes http with {others} triggers because they work on the same tables: "
                + ", ".join(f"`{t}`" for t in _tables(mix.tables)) + ".")
    if mix.reason == CALL:
        return f"Mixes http with {others} triggers because one waits on the other."
    if mix.reason == CODE:
        return f"Mixes http with {others} triggers because they share code."
    return (f"Mixes http with {others} triggers with no table, code or call in common"
            + (", only because they are too small to deploy alone." if gathered else "."))


def _cuts(fn: CandidateFunction, crossing, shared_tables) -> list[str]:
    out = []
    outgoing = defaultdict(list)
    for c in crossing:
        if c.caller_function == fn.name:
            outgoing[c.callee_function].append(c)
    for other, calls in sorted(outgoing.items()):
        first = calls[0]
        out.append(f"Cut from `{other}`: `{first.caller}` calls `{first.callee}` synchronously"
                   + (f" ({len(calls)} call sites)" if len(calls) > 1 else "")
                   + "; each becomes a remote call (latency, a cold start, paying for both while one waits).")
    incoming = sorted({c.caller_function for c in crossing if c.callee_function == fn.name})
    if incoming:
        out.append("Called synchronously from " + ", ".join(f"`{n}`" for n in incoming) + ".")
    for table in shared_tables:
        if fn.name in table.writers and len(table.writers) > 1:
            others = [w for w in table.writers if w != fn.name]
            name = table.table.partition(':')[2]
            named = ", ".join(f"`{o}`" for o in others[:MAX_NAMED])
            if len(others) > MAX_NAMED:
                out.append(f"Shares table `{name}` with {len(others)} other functions that write it too: "
                           f"{named} and {len(others) - MAX_NAMED} more.")
            else:
                out.append(f"Shares table `{name}` with {named}"
                           + (" (both write it)." if len(others) == 1 else " (all of them write it)."))
    return out


#: At most this many "both bundle" cuts per function, the costliest first.
MAX_BUNDLED_CUTS = 3


def bundled_cuts(ctx: PlanContext, layers, functions: int, min_lines: int) -> dict[str, tuple[str, ...]]:
    """Per function, the cuts that duplicate code: another function bundles the same
    shared layer, so a change to that code redeploys both. Only layers that at most a
    quarter of the functions (and at least two) bundle: one every function bundles is the
    app's common library, not the cost of one cut. Only cuts duplicating `min_lines` or
    more (the band's minimum own lines: less would not make a function of its own)."""
    most = max(2, functions // 4)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for layer in layers:
        if len(layer.users) > most:
            continue
        for a, b in combinations(layer.users, 2):
            shared[(a, b)].update(layer.units)
    by_function: dict[str, list[tuple[int, str, list[tuple[str, int]]]]] = defaultdict(list)
    for (a, b), units in shared.items():
        by_path: Counter = Counter()
        for u in units:
            info = ctx.graph.units.get(u)
            if info is not None and info.unit.kind != "module":
                by_path[info.path] += ctx.sloc.get(u, 0)
        lines = sum(by_path.values())
        if lines >= min_lines:
            files = sorted(by_path.items(), key=lambda kv: (-kv[1], kv[0]))
            by_function[a].append((lines, b, files))
            by_function[b].append((lines, a, files))
    out = {}
    for name, cuts in by_function.items():
        sentences = []
        for lines, other, files in sorted(cuts, key=lambda c: (-c[0], c[1]))[:MAX_BUNDLED_CUTS]:
            path, first = files[0]
            where = (f"{lines:,} lines of {path}" if len(files) == 1 else
                     f"{lines:,} lines, {first:,} of them in {path}")
            sentences.append(f"Cut from `{other}`: both bundle {where}; a change to that code redeploys both.")
        out[name] = tuple(sentences)
    return out


def notes_for(fn: CandidateFunction, band: Band, ctx: PlanContext) -> tuple[str, ...]:
    notes = []
    if fn.own_sloc < band.min_own_sloc:
        notes.append(f"nano-function: {fn.own_sloc} lines of its own (< {band.min_own_sloc})")
    if len(fn.entry_points) > band.max_entry_points:
        notes.append(f"mini-monolith: {len(fn.entry_points)} entry points (> {band.max_entry_points})")
    if fn.reach_sloc > band.max_reach_sloc:
        notes.append(f"mini-monolith: reaches {fn.reach_sloc:,} lines (> {band.max_reach_sloc:,})")
    tables = [w for w in fn.writes if w.startswith("table:")]
    if len(tables) > band.max_tables_written:
        notes.append(f"mini-monolith: writes {len(tables)} tables (> {band.max_tables_written})")
    if fn.import_mb > band.max_import_mb:
        heavy = ", ".join(f"{p.name} ({p.size_mb:,.0f} MB)" for p in fn.packages[:3])
        notes.append(f"mini-monolith: imports {fn.import_mb:,.0f} MB of packages (> {band.max_import_mb:,.0f}); "
                     f"heaviest: {heavy}")
    return tuple(notes)
