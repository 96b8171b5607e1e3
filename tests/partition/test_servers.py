"""An entry point that starts a server (`uvicorn.run`, `run_simple`, `serve_forever`...)
runs until it is stopped; a FaaS function ends within 15 minutes. The plan leaves it
out and says why, unless the user groups it on purpose. A route of a module whose
`__main__` block starts the server is still a route."""

from __future__ import annotations

import json
from pathlib import Path

from evaluate.helpers import write_app

from granularity.config import load_settings
from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build
from granularity.report import plan_json, plan_text

APP = {
    "api/__init__.py": "",
    "api/main.py": """
        import uvicorn
        from fastapi import FastAPI

        app = FastAPI()

        @app.get("/items")
        def items():
            return [1, 2, 3]

        if __name__ == "__main__":
            uvicorn.run(app, port=8000)
    """,
    "api/cli.py": """
        import click
        import uvicorn

        def _run(port):
            uvicorn.run("api.main:app", port=port)

        @click.command()
        def serve():
            _run(8080)

        @click.command()
        def seed():
            print("seeding the database with a few rows of items, prices and stock")
    """,
    "api/legacy.py": """
        from http.server import HTTPServer, SimpleHTTPRequestHandler

        if __name__ == "__main__":
            httpd = HTTPServer(("", 8000), SimpleHTTPRequestHandler)
            httpd.serve_forever()
    """,
}


def _plan(tmp_path: Path, config: str = ""):
    root = write_app(tmp_path / "api", APP)
    (root / "pyproject.toml").write_text("[tool.granularity.band]\nmin-own-sloc = 1\n" + config, encoding="utf-8")
    graph = build(root, GraphOptions(jobs=1, use_cache=False)).graph
    return Partitioner(graph, load_settings(root).plan).propose()


def test_entry_points_that_start_a_server_are_kept_out_with_the_call(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    kept = {k.entry_point: k for k in plan.kept_out}
    assert set(kept) == {"api.cli.serve", "api.legacy", "api.main"}
    assert kept["api.cli.serve"].why == "server"
    assert kept["api.cli.serve"].detail.startswith("calls `uvicorn.run` (api/cli.py:5)")
    assert kept["api.legacy"].detail.startswith("calls `httpd.serve_forever` (api/legacy.py:5)")
    assert set(plan.assignment) == {"api.main.items", "api.cli.seed"}


def test_the_reports_say_so(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    text = plan_text.render(plan)
    assert "Kept out of the plan:\n  api.cli.serve: calls `uvicorn.run` (api/cli.py:5)" in text
    data = json.loads(plan_json.render(plan))
    assert [k["entry_point"] for k in data["kept_out"]] == ["api.cli.serve", "api.legacy", "api.main"]
    assert data["meta"]["version"] == 2


def test_the_html_report_lists_them_under_the_migration_order(tmp_path: Path) -> None:
    from granularity.report.html import read_from, render_report

    root = write_app(tmp_path / "api", APP)
    partitioner = Partitioner(build(root, GraphOptions(jobs=1, use_cache=False)).graph)
    html = render_report(partitioner, partitioner.propose(), read_source=read_from(root), date="2000-01-02")
    migration = html[html.index('<section id="migration"'):]
    migration = migration[:migration.index("</section>")]
    assert "<h3>Kept out of the plan</h3>" in migration
    assert "<li><code>api.cli.serve</code> <span class=\"muted\">calls <code>uvicorn.run</code> (api/cli.py:5)" \
        in migration


def test_a_user_group_keeps_a_server_in_the_plan(tmp_path: Path) -> None:
    plan = _plan(tmp_path, '[tool.granularity.plan]\nkeep-together = [["api.cli.serve", "api.cli.seed"]]\n')
    assert plan.assignment["api.cli.serve"] == plan.assignment["api.cli.seed"]
    assert "api.cli.serve" not in {k.entry_point for k in plan.kept_out}
