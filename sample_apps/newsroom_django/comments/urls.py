from django.urls import path

from .views import FlagCommentView, ModerationQueueView, delete_comment, post_comment

app_name = "comments"

urlpatterns = [
    path("article/<int:article_id>/", post_comment, name="post"),
    path("<int:pk>/flag/", FlagCommentView.as_view(), name="flag"),
    path("<int:pk>/delete/", delete_comment, name="delete"),
    path("moderation/", ModerationQueueView.as_view(), name="moderation"),
]
