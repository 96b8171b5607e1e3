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
    "tool/commands.py": """
        import click

        @click.command()
        def install():
            pass

        @click.command()
        def populate():
            pass

        @click.command()
        def upgrade():
            pass
    """,
    "tool/app.py": FLASK.format(name="settings") + """
@bp.route("/settings/general")
def settings():
    return "ok"

@bp.route("/settings/page")
def settings_page():
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


def test_groups_strip_layer_words_but_never_down_to_the_top_level_package() -> None:
    from granularity.partition.context import group_of

    assert group_of("shop.orders.views") == "shop.orders"
    assert group_of("articles.management.commands.prune") == "articles"
    # wiring directly in the top-level package belongs to the app as a whole
    assert group_of("shop.tasks") == "shop"
    # `cli` and `jobs` are generic words, but ckan/cli/jobs.py is one click group of its own
    assert group_of("ckan.cli.jobs") == "ckan.cli.jobs"
    assert group_of("ckan.views.api") == "ckan.views.api"
    # only Django's management/commands is cut at `management`
    assert group_of("flaskbb.management.views") == "flaskbb.management.views"


def test_mostly_commands_are_not_named_after_the_one_route_among_them(tmp_path: Path) -> None:
    # tool/commands.py and tool/app.py both group as `tool`, the app itself: the first
    # segment of a route names HTTP entry points, not three commands and a settings page
    ctx = _context(tmp_path)
    commands = ["tool.commands.install", "tool.commands.populate", "tool.commands.upgrade"]
    assert function_name(ctx, [*commands, "tool.app.settings"]) == "tool"
    assert function_name(ctx, ["tool.app.settings", "tool.app.settings_page"]) == "settings"
