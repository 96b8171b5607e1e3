"""Chalice routes and event handlers, read from source snippets."""

from __future__ import annotations

import textwrap

from granularity.extract.driver import extract_source
from granularity.model import facts as f


def facts(src: str) -> f.ModuleFacts:
    return extract_source(textwrap.dedent(src).encode(), "pkg.mod", "pkg/mod.py")


def handlers(src: str, framework: str = "chalice") -> set[tuple]:
    """(unit, kind, details, router) of the entry points `framework` declares."""
    return {(e.unit or e.target, e.kind, e.details, e.router)
            for e in facts(src).entry_points if e.framework == framework}


def test_every_handler_kind() -> None:
    src = """
        from chalice import Chalice, Cron, Rate
        app = Chalice(app_name="shop")

        @app.route("/")
        def index():
            pass

        @app.route("/orders/{id}", methods=["PUT", "delete"], cors=True)
        def order(id):
            pass

        @app.lambda_function(name="worker")
        def worker(event, context):
            pass

        @app.schedule(Rate(5, unit=Rate.MINUTES))
        def every_five(event):
            pass

        @app.schedule(Cron(0, 10, "*", "*", "?", "*"))
        def daily(event):
            pass

        @app.schedule("rate(1 hour)")
        def hourly(event):
            pass

        @app.on_sqs_message(queue="orders", batch_size=10)
        def on_order(event):
            pass

        @app.on_s3_event(bucket="uploads", events=["s3:ObjectCreated:*"])
        def on_upload(event):
            pass

        @app.on_sns_message(topic="alerts")
        def on_alert(event):
            pass

        @app.authorizer()
        def auth(auth_request):
            pass
    """
    assert handlers(src) == {
        ("pkg.mod.index", "http", (("methods", "GET"), ("path", "/")), "app"),
        ("pkg.mod.order", "http", (("methods", "DELETE,PUT"), ("path", "/orders/{id}")), "app"),
        ("pkg.mod.worker", "faas", (("handler", "pkg.mod.worker"),), "app"),
        ("pkg.mod.every_five", "schedule", (("schedule", "Rate(5, unit=Rate.MINUTES)"),), "app"),
        ("pkg.mod.daily", "schedule", (("schedule", 'Cron(0, 10, "*", "*", "?", "*")'),), "app"),
        ("pkg.mod.hourly", "schedule", (("schedule", "rate(1 hour)"),), "app"),
        ("pkg.mod.on_order", "queue", (("name", "pkg.mod.on_order"), ("queue", "orders")), "app"),
        ("pkg.mod.on_upload", "event", (("event", "s3:uploads"),), "app"),
        ("pkg.mod.on_alert", "event", (("event", "sns:alerts"),), "app"),
        ("pkg.mod.auth", "faas", (("handler", "pkg.mod.auth"),), "app"),
    }
    assert handlers(src, "flask") == set()


def test_blueprints_and_their_registration() -> None:
    src = """
        from chalice import Blueprint, Chalice
        app = Chalice(app_name="shop")
        extra = Blueprint(__name__)

        @extra.route("/extra", methods=["POST"])
        def more():
            pass

        app.register_blueprint(extra, url_prefix="/v1")
    """
    got = facts(src)
    assert handlers(src) == {("pkg.mod.more", "http", (("methods", "POST"), ("path", "/extra")), "extra")}
    assert got.routers == (f.Router("pkg.mod.extra", "chalice", "", 4),)
    assert got.mounts == (f.Mount("pkg.mod", "extra", "app", "/v1", 10),)


def test_only_objects_bound_to_chalice_count() -> None:
    flask_src = """
        from flask import Flask
        app = Flask(__name__)

        @app.route("/")
        def index():
            pass
    """
    imported_src = """
        from .app import app

        @app.schedule("rate(1 day)")
        def nightly(event):
            pass
    """
    assert handlers(flask_src) == set()
    assert handlers(imported_src) == set()
    assert handlers(flask_src, "flask") == {("pkg.mod.index", "http", (("methods", "GET"), ("path", "/")), "app")}
