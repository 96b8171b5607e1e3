"""Flask routes, `add_url_rule`, blueprints and their registration, read from source snippets."""

from __future__ import annotations

import textwrap

from granularity.extract.driver import extract_source
from granularity.model import facts as f

WEB = ("flask", "fastapi", "chalice", "drf")


def facts(src: str) -> f.ModuleFacts:
    return extract_source(textwrap.dedent(src).encode(), "pkg.mod", "pkg/mod.py")


def routes(src: str, framework: str = "flask") -> set[tuple]:
    """(unit or target, kind, details, router) of the entry points `framework` declares."""
    return {(e.unit or e.target, e.kind, e.details, e.router)
            for e in facts(src).entry_points if e.framework == framework}


def web_routes(src: str) -> set[tuple]:
    return {(e.unit or e.target, e.framework) for e in facts(src).entry_points if e.framework in WEB}


def http(methods: str, path: str) -> tuple[tuple[str, str], ...]:
    return (("methods", methods), ("path", path))


def test_route_decorators_on_app_and_blueprint() -> None:
    src = """
        from flask import Flask, Blueprint
        app = Flask(__name__)
        bp = Blueprint("shop", __name__, url_prefix="/shop")

        @app.route("/", methods=["post", "GET"])
        def index():
            pass

        @app.route("/about")
        def about():
            pass

        @bp.get("/items/<int:id>")
        def item(id):
            pass

        @bp.delete("/items/<int:id>")
        async def drop(id):
            pass
    """
    assert routes(src) == {
        ("pkg.mod.index", "http", http("GET,POST", "/"), "app"),
        ("pkg.mod.about", "http", http("GET", "/about"), "app"),
        ("pkg.mod.item", "http", http("GET", "/items/<int:id>"), "bp"),
        ("pkg.mod.drop", "http", http("DELETE", "/items/<int:id>"), "bp"),
    }
    assert facts(src).routers == (f.Router("pkg.mod.bp", "flask", "/shop", 4),)


def test_entry_point_line_is_the_decorator_line() -> None:
    src = """
        from flask import Flask
        app = Flask(__name__)

        # the home page
        @login_required
        @app.route("/")
        def index():
            pass
    """
    [entry] = facts(src).entry_points
    assert entry.line == 7


def test_register_blueprint_is_a_mount() -> None:
    src = """
        from flask import Flask
        from .views import bp
        app = Flask(__name__)
        app.register_blueprint(bp, url_prefix="/api")
        app.register_blueprint(admin.bp)
    """
    assert facts(src).mounts == (
        f.Mount("pkg.mod", "bp", "app", "/api", 5),
        f.Mount("pkg.mod", "admin.bp", "app", "", 6),
    )


def test_add_url_rule_gives_a_target_in_scope() -> None:
    src = """
        from flask import Flask
        from . import views
        app = Flask(__name__)

        def setup(bp):
            bp.add_url_rule("/show/<id>", view_func=views.show)
            bp.add_url_rule("/edit/<id>", "edit", views.edit, methods=["GET", "POST"])
            bp.add_url_rule("/new", view_func=views.CreateView.as_view("new"))
            bp.add_url_rule("/lambda", view_func=lambda: "hi")
    """
    entries = {(e.target, e.scope, e.details, e.router, e.unit) for e in facts(src).entry_points}
    assert entries == {
        ("views.show", "pkg.mod.setup", http("GET", "/show/<id>"), "bp", ""),
        ("views.edit", "pkg.mod.setup", http("GET,POST", "/edit/<id>"), "bp", ""),
        ("views.CreateView", "pkg.mod.setup", http("", "/new"), "bp", ""),
    }


def test_rule_tables_looped_over_are_expanded() -> None:
    src = """
        from flask import Blueprint
        home = Blueprint("home", __name__)
        RULES = [
            ("/", index),
            ("/about", about),
        ]
        for rule, view_func in RULES:
            home.add_url_rule(rule, view_func=view_func)
    """
    assert routes(src) == {
        ("index", "http", http("GET", "/"), "home"),
        ("about", "http", http("GET", "/about"), "home"),
    }


def test_helper_forwarding_view_func() -> None:
    src = """
        from flask import Blueprint

        def register_view(bp_or_app, routes, view_func, **kwargs):
            for route in routes:
                bp_or_app.add_url_rule(route, view_func=view_func, **kwargs)

        def load(app):
            forum = Blueprint("forum", __name__)
            register_view(forum, routes=["/topic/<id>", "/topic/<id>-<slug>"], view_func=ViewTopic.as_view("topic"))
            register_view(forum, routes=["/"], view_func=index)
    """
    assert routes(src) == {
        ("ViewTopic", "http", http("", "/topic/<id>"), "forum"),
        ("ViewTopic", "http", http("", "/topic/<id>-<slug>"), "forum"),
        ("index", "http", http("GET", "/"), "forum"),
    }
    assert facts(src).routers == (f.Router("pkg.mod.load.forum", "flask", "", 9),)


def test_routes_in_an_app_factory() -> None:
    src = """
        from flask import Flask

        def create_app():
            app = Flask(__name__)

            @app.route("/health")
            def health():
                return "ok"

            return app
    """
    assert routes(src) == {("pkg.mod.create_app.health", "http", http("GET", "/health"), "app")}


def test_imported_app_counts_when_no_other_framework_is_imported() -> None:
    src = """
        from myapp import app

        @app.route("/")
        def index():
            pass

        @app.post("/items")
        def create():
            pass
    """
    assert routes(src) == {
        ("pkg.mod.index", "http", http("GET", "/"), "app"),
        ("pkg.mod.create", "http", http("POST", "/items"), "app"),
    }


def test_non_literal_routes_are_kept_in_braces() -> None:
    src = """
        from flask import Blueprint
        bp = Blueprint("b", __name__)

        @bp.route(f"{BASE}/x/<id>")
        def x(id):
            pass

        @bp.route(PREFIX + "/y", methods=VERBS)
        def y():
            pass
    """
    assert routes(src) == {
        ("pkg.mod.x", "http", http("GET", "{BASE}/x/<id>"), "bp"),
        ("pkg.mod.y", "http", http("", '{PREFIX + "/y"}'), "bp"),
    }


def test_near_misses_stay_silent() -> None:
    src = """
        import requests
        from unittest import mock
        from flask_caching import Cache
        cache = Cache()

        @cache.get("key")
        def a():
            pass

        @cache.get("/looks/like/a/route")
        def b():
            pass

        @mock.patch("/etc/passwd")
        def c():
            pass

        @requests.get("/x")
        def d():
            pass

        @other.route(name)
        def e():
            pass

        def f():
            requests.get("/x")
            cache.add_url_rule  # an attribute read, no call
    """
    assert web_routes(src) == set()


def test_flask_leaves_chalice_and_fastapi_objects_alone() -> None:
    chalice_src = """
        from chalice import Chalice
        app = Chalice(app_name="x")

        @app.route("/")
        def index():
            pass
    """
    fastapi_src = """
        from fastapi import FastAPI
        from .deps import router
        app = FastAPI()

        @app.get("/")
        def index():
            pass

        @router.route("/r")
        def r():
            pass
    """
    assert routes(chalice_src) == set()
    assert routes(fastapi_src) == set()
    assert facts(chalice_src).routers == () and facts(fastapi_src).mounts == ()


def test_chalice_blueprint_is_not_a_flask_router() -> None:
    src = """
        from chalice import Blueprint
        bp = Blueprint(__name__)
    """
    assert [r.framework for r in facts(src).routers] == ["chalice"]


def test_loops_over_unknown_tables_give_nothing() -> None:
    src = """
        from flask import Blueprint
        bp = Blueprint("b", __name__)
        PAGES = [about, contact]
        for view in PAGES:
            bp.add_url_rule("/page", view_func=view)
        for rule, view in plugin.rules():
            bp.add_url_rule(rule, view_func=view)
        for rule in RULES:
            bp.add_url_rule(*rule)
    """
    assert routes(src) == {
        ("about", "http", http("GET", "/page"), "bp"),
        ("contact", "http", http("GET", "/page"), "bp"),
    }
