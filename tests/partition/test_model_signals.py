"""Django model signals run in process, inside the `save()` that sends them: the writer of
the sender's table waits on the receiver, unless it writes by a bulk `update()`."""

from __future__ import annotations

from pathlib import Path

from granularity.partition.context import PlanContext
from granularity.pipeline import GraphOptions, build
from evaluate.helpers import write_app

APP = {
    "comments/__init__.py": "",
    "comments/models.py": """
        from django.db import models

        class Comment(models.Model):
            body = models.TextField()

        class Counter(models.Model):
            value = models.IntegerField()
    """,
    "comments/signals.py": """
        from django.db.models.signals import post_delete, post_save
        from django.dispatch import receiver

        from .models import Counter
        from . import models
        Comment = models.Comment

        @receiver(post_save, sender=Comment)
        def count(sender, instance, **kwargs):
            Counter.objects.filter(pk=1).update(value=1)

        @receiver(post_save, sender=settings.AUTH_USER_MODEL)
        def user_sender(sender, instance, **kwargs):
            Counter.objects.create(value=0)

        @receiver(post_delete, sender="comments.Counter")
        def lazy_sender(sender, instance, **kwargs):
            pass

        def audit(sender, instance, **kwargs):
            pass
    """,
    "comments/apps.py": """
        from django.apps import AppConfig
        from django.db.models.signals import pre_save

        from .models import Comment
        from .signals import audit

        class CommentsConfig(AppConfig):
            def ready(self):
                pre_save.connect(audit, sender=Comment)
    """,
    "comments/views.py": """
        from django.http import HttpResponse
        from django.urls import path

        from .models import Comment

        def post(request):
            Comment.objects.create(body=request.POST["body"])
            return HttpResponse("")

        def hide(request):
            Comment.objects.filter(pk=1).update(body="")
            return HttpResponse("")

        urlpatterns = [path("post/", post), path("hide/", hide)]
    """,
}


def _context(tmp_path: Path) -> PlanContext:
    root = write_app(tmp_path / "app", APP)
    return PlanContext(build(root, GraphOptions(jobs=1, use_cache=False)).graph)


def test_receiver_trigger_names_its_sender_table(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    tables = {t.unit: (t.detail("model"), t.detail("table")) for t in ctx.graph.entry_points if t.kind == "event"}
    assert tables == {
        "comments.signals.count": ("comments.models.Comment", "table:comments_comment"),
        # the user model: Django's own User, as the app defines no custom one
        "comments.signals.user_sender": ("django.contrib.auth.models.User", "table:auth_user"),
        # Django's lazy "app_label.ModelName"
        "comments.signals.lazy_sender": ("comments.models.Counter", "table:comments_counter"),
        # connected elsewhere: the sender is resolved where `connect` is called
        "comments.signals.audit": ("comments.models.Comment", "table:comments_comment"),
    }


def test_saving_the_sender_fires_the_receiver_and_a_bulk_update_does_not(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    assert ctx.atoms["comments.views.post"].fires == {"comments.signals.count", "comments.signals.audit"}
    assert ctx.atoms["comments.views.hide"].fires == frozenset()
    # the receiver writes Counter only by update(): it fires nothing, not even itself
    assert ctx.atoms["comments.signals.count"].fires == frozenset()
    waits = ctx.waits
    assert waits["comments.views.post"] == {"comments.signals.count", "comments.signals.audit"}
    assert waits["comments.views.hide"] == frozenset()


def test_the_rationale_says_the_save_runs_the_receiver(tmp_path: Path) -> None:
    from granularity.partition.propose import Partitioner

    ctx = _context(tmp_path)
    plan = Partitioner(ctx.graph).propose()
    home = {ep: fn for fn in plan.functions for ep in fn.entry_points}
    fn = home["comments.views.post"]
    assert home["comments.signals.count"] is fn
    assert ("`comments.views.post` saves rows of `comments_comment`, which runs signal receiver "
            "`comments.signals.count` in process.") in fn.rationale
