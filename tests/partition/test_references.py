"""Handing a function over (`add_url_rule(view_func=f)`, a decorator) deploys it with the
code that hands it over, but is no call: when the plan cuts between them, only real
calls are listed as boundaries that become remote calls."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.partition.propose import Partitioner
from granularity.partition.settings import Constraints, PlanSettings
from granularity.pipeline import GraphOptions, build

APP = {
    "web/__init__.py": "",
    "web/app.py": """
        import click
        from flask import Flask

        app = Flask(__name__)

        def report():
            return "report"

        @click.command()
        def mount_report():
            app.add_url_rule("/report", view_func=report)

        @click.command()
        def print_report():
            print(report())

        app.add_url_rule("/report", view_func=report)
    """,
}


def test_a_reference_across_a_cut_is_no_boundary_and_a_call_is(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", APP)
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    apart = Constraints(keep_apart=(("web.app.report", "web.app.mount_report", "web.app.print_report"),))
    plan = Partitioner(graph, PlanSettings(constraints=apart)).propose()
    assert len({fn.name for fn in plan.functions}) == 3
    crossing = {(c.caller, c.callee) for c in plan.crossing_calls}
    assert crossing == {("web.app.print_report", "web.app.report")}
