"""Celery tasks and beat schedules, Django/blinker signal receivers and Lambda handlers,
read from source snippets: what must be found, and the look-alikes that must stay silent."""

from __future__ import annotations

from .jobs_helpers import facts, found, task_dispatches


def q(unit: str, name: str, queue: str | None = None) -> tuple:
    details = (("name", name),) if queue is None else (("name", name), ("queue", queue))
    return (unit, "queue", "celery", details)


def sched(target: str, schedule: str, name: str | None = None) -> tuple:
    details = (("schedule", schedule),) if name is None else (("name", name), ("schedule", schedule))
    return (target, "schedule", "celery", details)


# -- Celery tasks -------------------------------------------------------------------------


def test_task_decorators() -> None:
    src = """
        from celery import Celery, shared_task

        app = Celery("proj")
        celery_app = app

        @app.task
        def plain():
            pass

        @app.task(bind=True, max_retries=3)
        def bound(self, order_id):
            pass

        @celery_app.task(name="reports.nightly", queue="reports")
        def nightly():
            pass

        @shared_task
        def shared():
            pass

        @shared_task(queue="mail", bind=True)
        def mail(self):
            pass
    """
    assert found(src) == {
        q("pkg.mod.plain", "pkg.mod.plain"),
        q("pkg.mod.bound", "pkg.mod.bound"),
        q("pkg.mod.nightly", "reports.nightly", "reports"),
        q("pkg.mod.shared", "pkg.mod.shared"),
        q("pkg.mod.mail", "pkg.mod.mail", "mail"),
    }


def test_task_on_an_app_imported_from_elsewhere() -> None:
    src = """
        from proj.worker import app
        from .extensions import celery

        @app.task
        def a():
            pass

        @celery.task(name="b")
        def b():
            pass
    """
    assert found(src) == {q("pkg.mod.a", "pkg.mod.a"), q("pkg.mod.b", "b")}


def test_task_lines_are_the_decorator_lines() -> None:
    src = """
        from celery import shared_task


        @shared_task
        def a():
            pass
    """
    assert [e.line for e in facts(src).entry_points] == [5]


def test_task_look_alikes_stay_silent() -> None:
    src = """
        from flask import Flask
        from huey import RedisHuey
        from invoke import task
        import prefect

        app = Flask(__name__)
        huey = RedisHuey("shop")

        @app.task
        def not_a_flask_thing():
            pass

        @huey.task()
        def huey_task():
            pass

        @task
        def invoke_task(c):
            pass

        @prefect.task
        def prefect_task():
            pass

        @app.taskx
        def other():
            pass
    """
    assert found(src) == set()


def test_old_periodic_task_is_a_task_and_a_schedule() -> None:
    src = """
        from celery.decorators import periodic_task
        from celery.schedules import crontab

        @periodic_task(run_every=crontab(minute=0))
        def hourly():
            pass
    """
    assert found(src) == {
        q("pkg.mod.hourly", "pkg.mod.hourly"),
        ("pkg.mod.hourly", "schedule", "celery", (("schedule", "crontab(minute=0)"),)),
    }


# -- beat schedules -----------------------------------------------------------------------


def test_beat_schedule_on_app_conf() -> None:
    src = """
        from celery import Celery
        from celery.schedules import crontab

        app = Celery("proj")
        app.conf.beat_schedule = {
            "cleanup-hourly": {
                "task": "pkg.tasks.cleanup",
                "schedule": crontab(minute=0),
                "args": (16, 16),
            },
            "every-30s": dict(task="pkg.tasks.ping", schedule=30.0),
            "no-task": {"schedule": 10.0},
            "computed": {"task": NAME, "schedule": 10.0},
        }
    """
    ep = facts(src).entry_points
    assert found(src) == {
        sched("task:pkg.tasks.cleanup", "crontab(minute=0)", "cleanup-hourly"),
        sched("task:pkg.tasks.ping", "30.0", "every-30s"),
    }
    assert {(e.target, e.scope, e.line) for e in ep} == {
        ("task:pkg.tasks.cleanup", "pkg.mod", 7),
        ("task:pkg.tasks.ping", "pkg.mod", 12),
    }


def test_beat_schedule_in_settings_modules_and_config_classes() -> None:
    src = """
        from celery.schedules import crontab

        CELERY_BEAT_SCHEDULE = {
            "a": {"task": "shop.tasks.a", "schedule": crontab(hour=3, minute=0)},
        }
        CELERYBEAT_SCHEDULE = {"b": {"task": "shop.tasks.b", "schedule": 60}}

        class Config:
            beat_schedule = {"c": {"task": "shop.tasks.c", "schedule": 5.0}}
            CELERY = {
                "broker_url": "redis://",
                "beat_schedule": {"d": {"task": "shop.tasks.d", "schedule": 3600.0}},
            }
    """
    assert found(src, "shop.config", "shop/config.py") == {
        sched("task:shop.tasks.a", "crontab(hour=3, minute=0)", "a"),
        sched("task:shop.tasks.b", "60", "b"),
        sched("task:shop.tasks.c", "5.0", "c"),
        sched("task:shop.tasks.d", "3600.0", "d"),
    }
    scopes = {e.target: e.scope for e in facts(src, "shop.config", "shop/config.py").entry_points}
    assert scopes["task:shop.tasks.a"] == "shop.config"
    assert scopes["task:shop.tasks.c"] == "shop.config.Config"


def test_beat_schedule_updates_and_single_entries() -> None:
    src = """
        def configure(app):
            app.conf.update(beat_schedule={"a": {"task": "t.a", "schedule": 1.0}})
            app.conf.beat_schedule.update({"b": {"task": "t.b", "schedule": 2.0}})
            app.conf.beat_schedule["c"] = {"task": "t.c", "schedule": 3.0}
    """
    assert found(src) == {
        sched("task:t.a", "1.0", "a"), sched("task:t.b", "2.0", "b"), sched("task:t.c", "3.0", "c"),
    }


def test_a_dict_that_is_no_beat_schedule_stays_silent() -> None:
    src = """
        SCHEDULE = {"a": {"task": "t.a", "schedule": 1.0}}
        CELERY_TASK_ROUTES = {"t.a": {"queue": "q"}}
        beat_schedule = load_schedule()
    """
    assert found(src) == set()


def test_add_periodic_task() -> None:
    src = """
        from celery import Celery
        from celery.schedules import crontab
        from . import tasks

        app = Celery("proj")

        @app.on_after_configure.connect
        def setup_periodic_tasks(sender, **kwargs):
            sender.add_periodic_task(3600.0, cleanup.s(), name="hourly cleanup")
            sender.add_periodic_task(crontab(hour=7, minute=30), tasks.report.s("daily").set(queue="r"))
            sender.add_periodic_task(10.0, app.signature("pkg.tasks.ping"))
            sender.add_periodic_task(10.0, some_signature)

        @app.task
        def cleanup():
            pass
    """
    assert found(src) == {
        sched("cleanup", "3600.0", "hourly cleanup"),
        sched("tasks.report", "crontab(hour=7, minute=30)"),
        sched("task:pkg.tasks.ping", "10.0"),
        q("pkg.mod.cleanup", "pkg.mod.cleanup"),
    }
    scopes = {e.scope for e in facts(src).entry_points if e.kind == "schedule"}
    assert scopes == {"pkg.mod.setup_periodic_tasks"}


# -- send_task ----------------------------------------------------------------------------


def test_send_task_dispatches_by_name() -> None:
    src = """
        from celery import current_app
        from proj.celery import app

        def place_order(order_id):
            app.send_task("shop.tasks.confirm", args=[order_id])
            current_app.send_task(name="shop.tasks.audit")
            app.send_task(TASK_NAME)
    """
    assert task_dispatches(src) == {
        ("pkg.mod.place_order", "task:shop.tasks.confirm"),
        ("pkg.mod.place_order", "task:shop.tasks.audit"),
    }


def test_send_task_on_something_else_stays_silent() -> None:
    src = """
        from workflows.client import ApiClient

        client = ApiClient()

        def run():
            client.send_task("compile")
            queue.send_task("build")
    """
    assert task_dispatches(src) == set()


# -- signals ------------------------------------------------------------------------------


def ev(ref: str, event: str, sender: str | None = None, framework: str = "django") -> tuple:
    details = (("event", event),) if sender is None else (("event", event), ("sender", sender))
    return (ref, "event", framework, details)


def test_django_receivers() -> None:
    src = """
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save
        from django.dispatch import receiver

        from .models import Article, Comment

        @receiver(post_save, sender=Article)
        def on_article_saved(sender, instance, created, **kwargs):
            pass

        @receiver([post_save, post_delete], sender=Comment)
        def recount(sender, instance, **kwargs):
            pass

        @receiver(post_save, sender=settings.AUTH_USER_MODEL)
        def create_profile(sender, instance, created, **kwargs):
            pass

        @receiver(user_logged_in)
        def touch(sender, request, user, **kwargs):
            pass
    """
    assert found(src) == {
        ev("pkg.mod.on_article_saved", "post_save", "Article"),
        ev("pkg.mod.recount", "post_save", "Comment"),
        ev("pkg.mod.recount", "post_delete", "Comment"),
        ev("pkg.mod.create_profile", "post_save", "settings.AUTH_USER_MODEL"),
        ev("pkg.mod.touch", "user_logged_in"),
    }


def test_django_connect_calls() -> None:
    src = """
        from django.apps import AppConfig
        from django.db.models import signals
        from django.db.models.signals import pre_delete, post_save

        from . import handlers

        def on_save(sender, **kwargs):
            pass

        post_save.connect(on_save, sender="shop.Order")

        class ShopConfig(AppConfig):
            def ready(self):
                signals.post_delete.connect(handlers.on_delete, sender=self.get_model("Order"))
                pre_delete.connect(receiver=handlers.before_delete, dispatch_uid="x")
    """
    assert found(src) == {
        ev("on_save", "post_save", "shop.Order"),
        ev("handlers.on_delete", "post_delete", "self.get_model()"),
        ev("handlers.before_delete", "pre_delete"),
    }
    scopes = {e.target: e.scope for e in facts(src).entry_points}
    assert scopes == {
        "on_save": "pkg.mod",
        "handlers.on_delete": "pkg.mod.ShopConfig.ready",
        "handlers.before_delete": "pkg.mod.ShopConfig.ready",
    }


def test_custom_signals() -> None:
    src = """
        from django.dispatch import Signal, receiver
        from shop.signals import order_paid

        order_placed = Signal()

        @receiver(order_placed)
        def notify(sender, **kwargs):
            pass

        order_placed.connect(audit)
        order_paid.connect(ship, sender=Order)
    """
    assert found(src) == {
        ev("pkg.mod.notify", "order_placed"),
        ev("audit", "order_placed"),
        ev("ship", "order_paid", "Order"),
    }


def test_blinker_and_flask_signals() -> None:
    src = """
        from blinker import Namespace, signal
        from flask import template_rendered
        from flask_login import user_logged_in

        ns = Namespace()
        started = signal("started")
        finished = ns.signal("finished")

        @started.connect
        def on_started(sender):
            pass

        @finished.connect_via(app)
        def on_finished(sender):
            pass

        template_rendered.connect(log_template, app)
        user_logged_in.connect(remember)
    """
    assert found(src) == {
        ev("pkg.mod.on_started", "started", framework="blinker"),
        ev("pkg.mod.on_finished", "finished", "app", framework="blinker"),
        ev("log_template", "template_rendered", "app", framework="flask"),
        ev("remember", "user_logged_in", framework="flask"),
    }


def test_signal_look_alikes_stay_silent() -> None:
    src = """
        import flask.signals
        import signal
        import socket
        from celery import Celery
        from celery.signals import task_failure
        from mylib.events import receiver

        from .signals import request_started

        app = Celery("x")

        with engine.connect() as conn:
            pass
        sock = socket.socket()
        sock.connect(address)
        client.connect(on_message)
        flask.signals.request_started.connect(request_started.send)
        signal.signal(signal.SIGTERM, on_term)

        @task_failure.connect
        def on_failure(sender, **kwargs):
            pass

        @app.on_after_configure.connect
        def setup(sender, **kwargs):
            pass

        @receiver("thing")
        def not_django(x):
            pass
    """
    assert found(src) == set()


# -- Lambda handlers ----------------------------------------------------------------------


def test_lambda_handlers_by_signature() -> None:
    src = """
        from typing import Any

        def handler(event, context):
            pass

        def lambda_handler(event: dict, context: Any = None) -> dict:
            return {}
    """
    assert found(src, "orders.validate", "orders/validate.py") == {
        ("orders.validate.handler", "faas", "aws-lambda", (("handler", "orders.validate.handler"),)),
        ("orders.validate.lambda_handler", "faas", "aws-lambda", (("handler", "orders.validate.lambda_handler"),)),
    }


def test_lambda_look_alikes_stay_silent() -> None:
    src = """
        def handler(request, response):
            pass

        def short(event, ctx):
            pass

        def more(event, context, extra):
            pass

        def starred(event, context, *args):
            pass

        def keyword(event, context, *, debug=False):
            pass

        def reversed_order(context, event):
            pass

        class Handler:
            def handle(self, event, context):
                pass

        def outer():
            def inner(event, context):
                pass
            return inner
    """
    assert found(src) == set()
