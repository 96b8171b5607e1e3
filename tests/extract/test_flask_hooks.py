"""Flask request hooks run in the request of every route they cover, before or after the
view: the route waits on them and deploys with them. A blueprint's hook covers its own
routes (and those of blueprints registered in it); an app's hook, or a blueprint's
`before_app_request`, covers every route."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.pipeline import GraphOptions, build

APP = {
    "web/__init__.py": "",
    "web/admin.py": """
        from flask import Blueprint

        admin = Blueprint("admin", __name__, url_prefix="/admin")

        @admin.before_request
        def require_admin():
            pass

        @admin.route("/stats")
        def stats():
            return "1"
    """,
    "web/shop.py": """
        from flask import Blueprint

        shop = Blueprint("shop", __name__)

        def stamp():
            pass

        shop.before_app_request(stamp)

        @shop.route("/cart")
        def cart():
            return "2"
    """,
    "web/app.py": """
        from flask import Flask

        from .admin import admin
        from .shop import shop

        def create_app():
            app = Flask(__name__)
            app.register_blueprint(admin)
            app.register_blueprint(shop)
            configure_hooks(app)
            return app

        def configure_hooks(app):
            @app.after_request
            def add_headers(response):
                return response

            app.teardown_request(close_db)

        def close_db(error):
            pass
    """,
    "jobs/run.py": """
        import click

        @click.command()
        def nightly():
            pass

        class Thing:
            def before_request(self, f):
                return f

        thing = Thing()

        @thing.before_request
        def not_a_hook():
            pass
    """,
}


def _hooks(tmp_path: Path) -> set[tuple[str, str]]:
    graph = build(write_app(tmp_path / "app", APP), GraphOptions(jobs=1, use_cache=False)).graph
    return {(e.caller, e.callee) for e in graph.calls if e.via == "hook"}


def test_a_blueprint_hook_covers_its_own_routes_only(tmp_path: Path) -> None:
    edges = _hooks(tmp_path)
    assert ("web.admin.stats", "web.admin.require_admin") in edges
    assert ("web.shop.cart", "web.admin.require_admin") not in edges


def test_app_hooks_cover_every_route(tmp_path: Path) -> None:
    edges = _hooks(tmp_path)
    for route in ("web.admin.stats", "web.shop.cart"):
        assert (route, "web.shop.stamp") in edges  # before_app_request on a blueprint
        assert (route, "web.app.configure_hooks.add_headers") in edges  # @app.after_request
        assert (route, "web.app.close_db") in edges  # app.teardown_request(close_db)


def test_only_routes_and_only_in_files_that_import_flask(tmp_path: Path) -> None:
    edges = _hooks(tmp_path)
    assert not {e for e in edges if e[0].startswith("jobs.")}
    assert not {e for e in edges if e[1] == "jobs.run.not_a_hook"}


TWO_APPS = {
    "two/__init__.py": "",
    "two/site.py": """
        from flask import Blueprint, Flask

        pages = Blueprint("pages", __name__)

        @pages.route("/")
        def home():
            return "home"

        site = Flask(__name__)
        site.register_blueprint(pages)

        @site.before_request
        def load_visitor():
            pass

        @site.route("/about")
        def about():
            return "about"
    """,
    "two/admin.py": """
        from flask import Flask

        admin = Flask(__name__)

        @admin.before_request
        def require_login():
            pass

        @admin.route("/users")
        def users():
            return "users"
    """,
}


def test_an_app_hook_covers_only_that_apps_routes_when_the_apps_are_known(tmp_path: Path) -> None:
    graph = build(write_app(tmp_path / "app", TWO_APPS), GraphOptions(jobs=1, use_cache=False)).graph
    edges = {(e.caller, e.callee) for e in graph.calls if e.via == "hook"}
    assert edges == {
        ("two.site.home", "two.site.load_visitor"),  # through the blueprint registered on `site`
        ("two.site.about", "two.site.load_visitor"),
        ("two.admin.users", "two.admin.require_login"),
    }
