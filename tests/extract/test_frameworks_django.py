"""Django `urlpatterns` and DRF router registrations, read from source snippets."""

from __future__ import annotations

import textwrap

from granularity.extract.driver import extract_source
from granularity.model import facts as f


def facts(src: str) -> f.ModuleFacts:
    return extract_source(textwrap.dedent(src).encode(), "pkg.urls", "pkg/urls.py")


def patterns(src: str) -> set[tuple[str, str, str]]:
    """(route, view, include) of every url pattern."""
    return {(u.route, u.view, u.include) for u in facts(src).urlpatterns}


def drf(src: str) -> set[tuple]:
    return {(e.unit or e.target, e.kind, e.details, e.router, e.scope)
            for e in facts(src).entry_points if e.framework == "drf"}


def test_path_re_path_url_and_class_based_views() -> None:
    src = """
        from django.urls import path, re_path
        from django.conf.urls import url
        from django.views.decorators.csrf import csrf_exempt
        from . import views

        urlpatterns = [
            path("", views.index, name="index"),
            path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
            re_path(r"^archive/(?P<year>[0-9]{4})/$", views.archive),
            url(r"^legacy/$", "pkg.views.legacy"),
            path("hook/", csrf_exempt(views.hook)),
            path("about/", TemplateView.as_view(template_name="about.html")),
        ]
    """
    assert patterns(src) == {
        ("", "views.index", ""),
        ("articles/<int:pk>/", "views.ArticleView.as_view()", ""),
        ("^archive/(?P<year>[0-9]{4})/$", "views.archive", ""),
        ("^legacy/$", "pkg.views.legacy", ""),
        ("hook/", "views.hook", ""),
        ("about/", "TemplateView.as_view()", ""),
    }
    assert {u.module for u in facts(src).urlpatterns} == {"pkg.urls"}


def test_pattern_lines() -> None:
    src = """
        urlpatterns = [
            path("a/", views.a),

            path(
                "b/",
                views.b,
            ),
        ]
    """
    assert sorted((u.route, u.line) for u in facts(src).urlpatterns) == [("a/", 3), ("b/", 5)]


def test_includes() -> None:
    src = """
        from django.contrib import admin
        from django.urls import include, path
        from .api import router

        extra = [
            path("reports/", views.reports),
            path("charts/", views.charts),
        ]

        urlpatterns = [
            path("admin/", admin.site.urls),
            path("blog/", include("blog.urls")),
            path("shop/", include(("shop.urls", "shop"), namespace="shop")),
            path("api/", include(router.urls)),
            path("credit/", include(extra)),
            path("inline/", include([
                path("one/", views.one),
                path("two/", include("two.urls")),
            ])),
            path("ext/", include(other_module.patterns)),
        ]
    """
    assert patterns(src) == {
        ("admin/", "", "@admin.site.urls"),
        ("blog/", "", "blog.urls"),
        ("shop/", "", "shop.urls"),
        ("api/", "", "@router.urls"),
        ("credit/reports/", "views.reports", ""),
        ("credit/charts/", "views.charts", ""),
        ("inline/one/", "views.one", ""),
        ("inline/two/", "", "two.urls"),
        ("ext/", "", "@other_module.patterns"),
    }


def test_urlpatterns_extended_in_every_way() -> None:
    src = """
        from django.conf import settings
        from django.conf.urls.i18n import i18n_patterns
        from django.conf.urls.static import static
        from rest_framework.urlpatterns import format_suffix_patterns

        base = [path("base/", views.base)]
        urlpatterns = base + [path("a/", views.a)]
        urlpatterns += i18n_patterns(path("b/", views.b))
        urlpatterns += router.urls
        urlpatterns.append(path("c/", views.c))
        urlpatterns.extend([re_path(r"^d/$", views.d)])
        urlpatterns = format_suffix_patterns(urlpatterns)
        urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        if settings.DEBUG:
            urlpatterns += [path("__debug__/", include(debug_toolbar.urls))]
    """
    assert patterns(src) == {
        ("base/", "views.base", ""),
        ("a/", "views.a", ""),
        ("b/", "views.b", ""),
        ("", "", "@router.urls"),
        ("c/", "views.c", ""),
        ("^d/$", "views.d", ""),
        ("__debug__/", "", "@debug_toolbar.urls"),
    }


def test_drf_router_registrations() -> None:
    src = """
        from rest_framework import routers
        from . import views

        router = routers.DefaultRouter()
        router.register(r"users", views.UserViewSet, basename="user")
        router.register("groups", GroupViewSet)
        urlpatterns = [path("api/", include(router.urls))]
    """
    assert drf(src) == {
        ("views.UserViewSet", "http", (("methods", "ANY"), ("path", "users")), "router", "pkg.urls"),
        ("GroupViewSet", "http", (("methods", "ANY"), ("path", "groups")), "router", "pkg.urls"),
    }
    assert patterns(src) == {("api/", "", "@router.urls")}


def test_drf_router_known_by_its_binding_alone() -> None:
    src = """
        from .routing import SimpleRouter
        api = SimpleRouter()
        api.register("items", ItemViewSet)
    """
    assert drf(src) == {("ItemViewSet", "http", (("methods", "ANY"), ("path", "items")), "api", "pkg.urls")}


def test_near_misses_stay_silent() -> None:
    src = """
        import atexit
        from django.contrib import admin

        admin.site.register(Article, ArticleAdmin)
        atexit.register(cleanup)
        registry.register("name", Thing)

        def get_urls():
            urlpatterns = [path("x/", views.x)]
            return urlpatterns

        class Config:
            urlpatterns = [path("y/", views.y)]

        other = [path("z/", views.z)]
    """
    assert facts(src).urlpatterns == ()
    assert drf(src) == set()


def test_imported_drf_router_is_known_by_its_name() -> None:
    src = """
        from rest_framework.urlpatterns import format_suffix_patterns
        from .api import router, registry

        router.register("orders", OrderViewSet)
        registry.register("plugins", Plugin)
    """
    assert drf(src) == {("OrderViewSet", "http", (("methods", "ANY"), ("path", "orders")), "router", "pkg.urls")}
