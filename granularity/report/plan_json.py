"""The plan as versioned JSON (docs/plan-json.md)."""

from __future__ import annotations

import json
from dataclasses import asdict

from granularity import __version__
from granularity.model.plan import PLAN_FORMAT, Plan


def plan_data(plan: Plan, scores: dict[str, dict[str, float]] | None = None) -> dict:
    functions = []
    for fn in plan.functions:
        data = asdict(fn)
        data["triggers"] = [{"unit": u, "kind": k, "details": dict(d)} for u, k, d in fn.triggers]
        functions.append(data)
    out = {
        "meta": {"format": "granularity-plan", "version": PLAN_FORMAT, "tool": f"granularity {__version__}"},
        "app": plan.app,
        "strategy": plan.strategy,
        "settings": plan.settings,
        "objective": plan.objective,
        "functions": functions,
        "layers": [asdict(layer) for layer in plan.layers],
        "state": [asdict(item) for item in plan.state],
        "crossing_calls": [asdict(c) for c in plan.crossing_calls],
        "shared_tables": [asdict(t) for t in plan.shared_tables],
        "migration": [{"step": i + 1, "function": m.function, "reason": m.reason}
                      for i, m in enumerate(plan.migration)],
        "assignment": {"entry_points": plan.assignment, "units": plan.home},
        "kept_out": [asdict(k) for k in plan.kept_out],
    }
    if scores is not None:
        out["compare"] = scores
    return out


def render(plan: Plan, scores: dict[str, dict[str, float]] | None = None) -> str:
    return json.dumps(plan_data(plan, scores), indent=2, ensure_ascii=False) + "\n"
