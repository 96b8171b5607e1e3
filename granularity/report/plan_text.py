"""The plan for a person reading a terminal."""

from __future__ import annotations

from granularity.model.plan import Plan


def _list(items, limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "") if items else "none"


def plan_lines(plan: Plan) -> list[str]:
    if not plan.functions:
        return [f"{plan.app}: no entry points found, so there is nothing to cut into functions.",
                "granularity looks for routes (Flask, FastAPI, Django, DRF, Chalice), tasks (Celery),",
                "signals, commands (click, typer, Django, __main__) and declared FaaS handlers",
                "(template.yaml, serverless.yml). `granularity graph PATH` shows what it found."]
    lines = [f"{plan.app}: {len(plan.functions)} candidate function(s), {len(plan.layers)} shared layer(s)", ""]
    for fn in plan.functions:
        kinds = sorted({t[1] for t in fn.triggers})
        lines.append(f"{fn.name}  ({len(fn.entry_points)} entry points: {', '.join(kinds)}; "
                     f"{fn.own_sloc:,} own / {fn.reach_sloc:,} deployed lines; {fn.import_mb:,.1f} MB packages)")
        lines.append(f"  entry points: {_list(fn.entry_points)}")
        if fn.writes:
            lines.append(f"  writes: {_list(fn.writes)}")
        for sentence in fn.rationale:
            lines.append(f"  - {sentence}")
        for note in fn.notes:
            lines.append(f"  ! {note}")
        lines.append("")
    if plan.layers:
        lines.append("Shared layers (bundled into each user):")
        for layer in plan.layers:
            lines.append(f"  {layer.name}: {layer.sloc:,} lines, used by {_list(layer.users)}")
            if layer.warning:
                lines.append(f"    ! {layer.warning}")
        lines.append("")
    if plan.state:
        lines.append("State to move out of memory:")
        for item in plan.state:
            lines.append(f"  {item.resource}: written by {_list(item.writers, 3)}; use a {item.replacement}")
        lines.append("")
    if plan.crossing_calls or plan.shared_tables:
        lines.append("Boundaries:")
        for c in plan.crossing_calls:
            lines.append(f"  sync call {c.caller_function} -> {c.callee_function}: {c.caller} calls {c.callee}")
        for t in plan.shared_tables:
            lines.append(f"  table {t.table.partition(':')[2]} written by {_list(t.writers)}")
        lines.append("")
    lines.append("Extract in this order:")
    for i, step in enumerate(plan.migration, 1):
        lines.append(f"  {i}. {step.function}: {step.reason}")
    if plan.kept_out:
        lines.append("")
        lines.append("Kept out of the plan:")
        for k in plan.kept_out:
            lines.append(f"  {k.entry_point}: {k.detail}")
    return lines


def render(plan: Plan) -> str:
    return "\n".join(plan_lines(plan)) + "\n"
