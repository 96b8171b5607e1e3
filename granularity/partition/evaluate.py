"""Score a plan with the metrics of docs/partition.md, on the same graph as its baselines.

Edges and weights used (never a reference: a function handed to a router or applied as
a decorator is not called; nor a Lambda-lith's dispatch, which every strategy splits):
* SM, TurboMQ, IFN: distinct synchronous call edges between units that some function
  reaches; a unit's cluster is its home (shared units: the function calling them most).
* ICP: every synchronous call site between such units, weight 1 each; a call crosses
  when the callee is not deployed with the caller's function (shared layers are bundled).
* NED: a function's size is the lines of code it deploys (reach); the band is
  [min_own_sloc, max_reach_sloc].
* data purity: for each table, the number of writing units each function bundles.
* duplicated lines: each shared layer's lines times (its users − 1).
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections import defaultdict
from pathlib import Path

from granularity.errors import ConfigError
from granularity.model.plan import Plan
from granularity.partition import metrics
from granularity.partition.context import PlanContext
from granularity.partition.settings import Band

COLUMNS = ("K", "SM", "TurboMQ", "ICP", "IFN", "NED", "purity", "nano", "mini", "dup_lines")


def score(plan: Plan, ctx: PlanContext, band: Band) -> dict[str, float]:
    home = plan.home
    # A Lambda-lith's dispatch to its routed handlers is left out for every strategy: each
    # splits that table by function, and API Gateway routes the rest (docs/partition.md).
    # So are references (a view handed to `add_url_rule`, a decorator): nothing is called.
    skip = ctx.rerouted_calls() | ctx.references
    sync = [(c, e, line) for c, e, line in ctx.sync_calls if (c, e, line) not in skip]
    edges = sorted({(c, e) for c, e, _ in sync if c in home and e in home and c != e})
    calls = [(c, e, 1.0) for c, e, _ in sync if c in home and e in home]
    sizes = {fn.name: float(fn.reach_sloc) for fn in plan.functions}
    writes: dict[str, dict[str, float]] = defaultdict(dict)
    for fn in plan.functions:
        for unit in fn.units:
            for r in ctx.writes_by_unit.get(unit, ()):
                if r.startswith("table:"):
                    writes[r][fn.name] = writes[r].get(fn.name, 0.0) + 1.0
    return {
        "K": float(len(plan.functions)),
        "SM": metrics.sm(edges, home),
        "TurboMQ": metrics.turbomq(edges, home),
        "ICP": metrics.icp(calls, home, deployed_units(plan)),
        "IFN": metrics.ifn(edges, home),
        "NED": metrics.ned(sizes, band.min_own_sloc, band.max_reach_sloc),
        "purity": metrics.data_purity(writes, len(plan.functions)),
        "nano": float(sum(1 for fn in plan.functions if any(n.startswith("nano") for n in fn.notes))),
        "mini": float(sum(1 for fn in plan.functions if any(n.startswith("mini") for n in fn.notes))),
        "dup_lines": float(sum(l.sloc * (len(l.users) - 1) for l in plan.layers)),
    }


def deployed_units(plan: Plan) -> dict[str, set[str]]:
    """What each function deploys: its own units and the shared layers it bundles. Another
    function's entry point is not among them: calling it is a remote call."""
    layers = {layer.name: set(layer.units) for layer in plan.layers}
    return {fn.name: set(fn.own_units).union(*(layers[n] for n in fn.layers)) for fn in plan.functions}


def read_intended(path: Path) -> dict[str, tuple[str, ...]]:
    """`intended_split.toml`: function name → fnmatch patterns over entry-point units."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the intended split: {err}") from err
    functions = data.get("functions")
    if not isinstance(functions, dict):
        raise ConfigError(f"{path}: expected [functions.NAME] tables with entry_points = [patterns]")
    out = {}
    for name, body in sorted(functions.items()):
        patterns = body.get("entry_points") if isinstance(body, dict) else None
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ConfigError(f"{path}: functions.{name}.entry_points must be a list of strings")
        out[name] = tuple(patterns)
    return out


def intended_assignment(intended: dict[str, tuple[str, ...]], entry_points: list[str]) -> dict[str, str]:
    """Entry point → intended function (the first whose patterns match)."""
    out = {}
    for unit in sorted(entry_points):
        for name, patterns in intended.items():
            if any(fnmatch.fnmatchcase(unit, p) for p in patterns):
                out[unit] = name
                break
    return out


def mojofm_against(plan: Plan, intended: dict[str, tuple[str, ...]]) -> float:
    reference = intended_assignment(intended, list(plan.assignment))
    return metrics.mojofm(plan.assignment, reference)
