from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", views.ArticleCreateView.as_view(), name="create"),
    path("section/<slug:section_slug>/", views.SectionFeedView.as_view(), name="section"),
    re_path(r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", views.archive_month, name="archive-month"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/edit/", views.ArticleUpdateView.as_view(), name="edit"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
]
