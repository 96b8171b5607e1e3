"""Django middleware runs in the request of every Django and DRF route, around the view:
the route waits on it and deploys with it. `settings.MIDDLEWARE` names each by its dotted
path: a class (its `__call__` and `process_*` methods run), or a factory that returns the
function run per request. Entries of installed packages name nothing in the app."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.pipeline import GraphOptions, build

APP = {
    "site/__init__.py": "",
    "site/settings.py": """
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "site.middleware.TimingMiddleware",
            "site.middleware.tenant_middleware",
        ]
        MIDDLEWARE += ["site.middleware.AuditMiddleware"]
        MIDDLEWARE.insert(0, "site.middleware.BlockedIpMiddleware")
    """,
    "site/middleware.py": """
        import time

        from django.utils.deprecation import MiddlewareMixin

        from site import audit

        class TimingMiddleware:
            def __init__(self, get_response):
                self.get_response = get_response

            def __call__(self, request):
                started = time.monotonic()
                response = self.get_response(request)
                response["X-Time"] = str(time.monotonic() - started)
                return response

        class AuditMiddleware(MiddlewareMixin):
            def process_view(self, request, view, args, kwargs):
                audit.record(request.path)

            def process_exception(self, request, exception):
                audit.record(repr(exception))

        class BlockedIpMiddleware(MiddlewareMixin):
            def process_request(self, request):
                return None

        def tenant_middleware(get_response):
            def middleware(request):
                request.tenant = request.get_host().split(".")[0]
                return get_response(request)
            return middleware

        def unused_helper():
            pass
    """,
    "site/audit.py": """
        def record(text):
            print(text)
    """,
    "site/urls.py": """
        from django.urls import include, path
        from rest_framework.routers import DefaultRouter

        from site import views

        router = DefaultRouter()
        router.register(r"notes", views.NoteViewSet)

        urlpatterns = [path("articles/", views.articles), path("api/", include(router.urls))]
    """,
    "site/views.py": """
        from rest_framework import viewsets

        def articles(request):
            return "articles"

        class NoteViewSet(viewsets.ModelViewSet):
            def list(self, request):
                return []
    """,
    "site/tasks.py": """
        from celery import shared_task

        @shared_task
        def nightly():
            pass
    """,
}


def _hooks(tmp_path: Path) -> set[tuple[str, str]]:
    graph = build(write_app(tmp_path / "app", APP), GraphOptions(jobs=1, use_cache=False)).graph
    return {(e.caller, e.callee) for e in graph.calls if e.via == "hook"}


MIDDLEWARE = {
    "site.middleware.TimingMiddleware.__call__",
    "site.middleware.AuditMiddleware.process_view",
    "site.middleware.AuditMiddleware.process_exception",
    "site.middleware.BlockedIpMiddleware.process_request",
    "site.middleware.tenant_middleware",
    "site.middleware.tenant_middleware.middleware",
}


def test_every_app_middleware_runs_in_a_django_and_a_drf_route(tmp_path: Path) -> None:
    edges = _hooks(tmp_path)
    for route in ("site.views.articles", "site.views.NoteViewSet"):
        assert {callee for caller, callee in edges if caller == route} == MIDDLEWARE


def test_middleware_is_no_part_of_other_triggers(tmp_path: Path) -> None:
    edges = _hooks(tmp_path)
    assert {caller for caller, _ in edges} == {"site.views.articles", "site.views.NoteViewSet"}


def test_the_route_reaches_what_the_middleware_calls(tmp_path: Path) -> None:
    graph = build(write_app(tmp_path / "app", APP), GraphOptions(jobs=1, use_cache=False)).graph
    calls = {(e.caller, e.callee) for e in graph.calls}
    assert ("site.middleware.AuditMiddleware.process_view", "site.audit.record") in calls
    assert "site.audit.record" in graph.reach["site.views.articles"]
    assert "site.middleware.unused_helper" not in graph.reach["site.views.articles"]
