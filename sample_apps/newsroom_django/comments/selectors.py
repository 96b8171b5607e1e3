from django.db.models import Prefetch

from .models import Comment


def visible_comments(article):
    replies = Comment.objects.filter(is_approved=True, is_removed=False).select_related("author__profile")
    return (
        Comment.objects.filter(article=article, parent__isnull=True, is_approved=True, is_removed=False)
        .select_related("author__profile")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )


def moderation_queue():
    return (
        Comment.objects.filter(is_approved=False, is_removed=False)
        .select_related("article", "author")
        .order_by("created_at")
    )


def approved_count_for(user) -> int:
    return Comment.objects.filter(author=user, is_approved=True, is_removed=False).count()
