from django.contrib import admin
from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from articles import api as articles_api
from comments.api import CommentViewSet
from subscriptions import api as subscriptions_api

from . import views

router = DefaultRouter()
router.register("articles", articles_api.ArticleViewSet, basename="article")
router.register(r"comments", CommentViewSet, basename="comment")

urlpatterns = [
    path("", views.homepage, name="home"),
    re_path(r"^healthz/?$", views.healthcheck, name="healthcheck"),
    path("admin/", admin.site.urls),
    path("articles/", include("articles.urls")),
    path("comments/", include("comments.urls")),
    path("accounts/", include("accounts.urls")),
    path("subscriptions/", include(("subscriptions.urls", "subscriptions"), namespace="subscriptions")),
    path("api/plans/", subscriptions_api.plan_list, name="api-plans"),
    path("api/", include(router.urls)),
]
