"""When HTTP and other triggers may share one function.

HTTP handlers want little memory, a short timeout and fast cold starts; queue, schedule,
command and event work usually wants the opposite, and a burst of it takes concurrency
from the API. The band (`mixed-triggers = "reason"`) lets them share a function only with
a reason, and this module is the one place that says what a reason is. The partitioner
asks it before a merge, the rationale uses it to say why a function mixes triggers, and
rule GRA106 flags a function that mixes them without one.

An HTTP entry point and a non-HTTP one have a reason to be together when, in this order:

1. `tables`: one writes a table the other reads or writes. Split apart, two functions
   would depend on the same schema. Reading the same table is no reason: most views of an
   app read its users table.
2. `call`: one waits on the other. It calls it synchronously, invokes it synchronously
   (Lambda `invoke`), or saves a row that runs it as a Django signal receiver, directly or
   down a chain. Split apart, every such call becomes a remote call.
3. `code`: both reach the same code, leaving out the code that most entry points reach.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from granularity.partition.context import PlanContext

TABLES, CALL, CODE = "tables", "call", "code"


@dataclass(frozen=True)
class Mix:
    """How a function mixes HTTP with other triggers, and its reason to."""

    #: The trigger kinds other than HTTP that it mixes with HTTP.
    kinds: tuple[str, ...]
    #: TABLES, CALL, CODE, or "" when there is no reason.
    reason: str
    #: For TABLES: the tables (`table:name`) written by one side and used by the other.
    tables: tuple[str, ...] = ()


def _http(ctx: PlanContext, entry_points) -> list[str]:
    return [a for a in entry_points if a in ctx.atoms and "http" in ctx.atoms[a].kinds]


def _other(ctx: PlanContext, entry_points) -> list[str]:
    return [a for a in entry_points if a in ctx.atoms and ctx.atoms[a].kinds - {"http"}]


def shared_tables(ctx: PlanContext, a: str, b: str) -> set[str]:
    """Tables one of the two entry points writes and the other reads or writes, outside
    the common units (`PlanContext.own_tables`)."""
    (xw, xr), (yw, yr) = ctx.own_tables[a], ctx.own_tables[b]
    return set((xw & (yw | yr)) | (yw & (xw | xr)))


def waits(ctx: PlanContext, a: str, b: str) -> bool:
    return b in ctx.waits.get(a, ()) or a in ctx.waits.get(b, ())


def shared_code(ctx: PlanContext, a: str, b: str) -> list[tuple[str, int]]:
    """(file, lines) of the code both entry points reach, largest first: neither module
    bodies, their own entry units, nor code that most entry points reach
    (`PlanContext.common_units`)."""
    both = (ctx.atoms[a].reach & ctx.atoms[b].reach) - ctx.common_units - {a, b}
    by_path: Counter = Counter()
    for u in both:
        info = ctx.graph.units.get(u)
        if info is not None and info.unit.kind != "module":
            by_path[info.path] += ctx.sloc.get(u, 0)
    return [(p, n) for p, n in sorted(by_path.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0]


def shares_code(ctx: PlanContext, a: str, b: str) -> bool:
    return bool(shared_code(ctx, a, b))


def pair_reason(ctx: PlanContext, a: str, b: str) -> str:
    """TABLES, CALL, CODE or "" for two entry points."""
    if a == b:
        return ""
    if shared_tables(ctx, a, b):
        return TABLES
    if waits(ctx, a, b):
        return CALL
    if shares_code(ctx, a, b):
        return CODE
    return ""


def reason_between(ctx: PlanContext, x, y) -> bool:
    """Whether any entry point of `x` has a reason to share a function with any of `y`."""
    return any(pair_reason(ctx, a, b) for a in x for b in y)


def mix_of(ctx: PlanContext, entry_points) -> Mix | None:
    """How these entry points, held in one function, mix HTTP with other triggers; None
    when they do not."""
    http, other = _http(ctx, entry_points), _other(ctx, entry_points)
    kinds = sorted({k for a in other for k in ctx.atoms[a].kinds} - {"http"})
    if not http or not other or (len(set(http) | set(other)) == 1):
        return None
    pairs = [(a, b) for a in other for b in http if a != b]
    tables = set().union(*(shared_tables(ctx, a, b) for a, b in pairs)) if pairs else set()
    if tables:
        return Mix(tuple(kinds), TABLES, tuple(sorted(tables)))
    if any(waits(ctx, a, b) for a, b in pairs):
        return Mix(tuple(kinds), CALL)
    if any(shares_code(ctx, a, b) for a, b in pairs):
        return Mix(tuple(kinds), CODE)
    return Mix(tuple(kinds), "")
