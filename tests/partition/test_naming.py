"""Function names come from the code: the group, else the package, else the module; the
app's own top-level package names nothing, and a gathering of small leftovers says so."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.partition.context import PlanContext
from granularity.partition.naming import function_name
from granularity.pipeline import GraphOptions, build

FLASK = """
from flask import Blueprint

bp = Blueprint("{name}", __name__)
"""

APP = {
    "tool/__init__.py": "",
    "tool/cli/__init__.py": "",
    "tool/cli/jobs.py": """
        import click

        @click.group()
        def jobs():
            pass

        @jobs.command()
        def cancel():
            pass

        @jobs.command()
        def show():
            pass
    """,
    "tool/views/__init__.py": "",
    "tool/views/api.py": FLASK.format(name="api") + """
@bp.route("/api/action")
def action():
    return "ok"

@bp.route("/api/autocomplete")
def autocomplete():
    return "ok"
""",
    "tool/management/__init__.py": "",
    "tool/management/views.py": FLASK.format(name="management") + """
@bp.route("/admin/forums")
def forums():
    return "ok"
""",
    "toolext/__init__.py": "",
    "toolext/plugin.py": FLASK.format(name="plugin") + """
@bp.route("/plugin")
def plugin():
    return "ok"
""",
    "toolext/datastore/__init__.py": "",
    "toolext/datastore/blueprint.py": FLASK.format(name="datastore") + """
@bp.route("/datastore/dump")
def dump():
    return "ok"
""",
}


def _context(tmp_path: Path) -> PlanContext:
    root = write_app(tmp_path / "app", APP)
    return PlanContext(build(root, GraphOptions(jobs=1, use_cache=False)).graph)


def test_the_apps_own_package_gives_way_to_the_modules_name(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    # `tool` holds most entry points: the app itself, so `tool` would name nothing. The
    # words of the module that say more are used, even generic ones (`jobs`, `api`), but
    # not the HTTP layer's (`views`) while a more specific part is left (`management`).
    assert function_name(ctx, ["tool.cli.jobs.cancel", "tool.cli.jobs.show"]) == "jobs"
    assert function_name(ctx, ["tool.views.api.action", "tool.views.api.autocomplete"]) == "api"
    assert function_name(ctx, ["tool.management.views.forums"]) == "management"
    # a package that is not the app's names its function; `plugin` and `blueprint`
    # modules are wiring (ckan's extensions each have a plugin.py and a blueprint.py)
    assert function_name(ctx, ["toolext.plugin.plugin"]) == "toolext"
    assert function_name(ctx, ["toolext.datastore.blueprint.dump"]) == "datastore"


def test_small_leftovers_gathered_together_are_named_and_explained_as_such() -> None:
    from conftest import sample_graph

    from granularity.partition.propose import Partitioner

    plan = Partitioner(sample_graph("newsroom_django")).propose()
    misc = next(fn for fn in plan.functions if "newsroom.views.healthcheck" in fn.entry_points)
    assert misc.name == "misc"
    assert set(misc.entry_points) == {"manage", "newsroom.celery.debug_task", "newsroom.views.healthcheck"}
    assert any(s.startswith("Gathers entry points too small to deploy alone") for s in misc.rationale)
    # no other function is said to be a gathering
    assert not any(s.startswith("Gathers") for fn in plan.functions if fn is not misc for s in fn.rationale)
