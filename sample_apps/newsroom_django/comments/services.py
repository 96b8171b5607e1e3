from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.notifiers import CommentModeratedNotifier

from .models import Comment, CommentFlag
from .selectors import approved_count_for
from .spam import looks_like_spam


class CommentsClosed(Exception):
    pass


def is_trusted_commenter(user) -> bool:
    return approved_count_for(user) >= settings.NEWSROOM["TRUSTED_COMMENTER_MIN_APPROVED"]


def post_comment(article, author, body: str, parent: Comment | None = None) -> Comment:
    if not article.allow_comments or not article.is_published:
        raise CommentsClosed("Comments are closed for this article.")
    if parent is not None and parent.article_id != article.pk:
        raise ValueError("Reply must belong to the same article.")
    auto_approve = is_trusted_commenter(author) and not looks_like_spam(body)
    return Comment.objects.create(
        article=article,
        author=author,
        parent=parent,
        body=body.strip(),
        is_approved=auto_approve,
    )


def flag_comment(comment: Comment, user, reason: str) -> bool:
    """Record a flag; hide the comment once enough readers flagged it. Returns False on a repeat flag."""
    try:
        with transaction.atomic():
            CommentFlag.objects.create(comment=comment, user=user, reason=reason)
    except IntegrityError:
        return False
    if comment.flags.count() >= settings.NEWSROOM["COMMENT_FLAG_THRESHOLD"] and comment.is_approved:
        comment.is_approved = False
        comment.save(update_fields=["is_approved"])
    return True


def remove_comment(comment: Comment, by_user) -> None:
    comment.is_removed = True
    comment.moderated_by = by_user
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["is_removed", "moderated_by", "moderated_at"])


class ModerationService:
    """Moderation actions taken by one moderator; notifies comment authors of the outcome."""

    def __init__(self, moderator, notify_authors: bool = True):
        self.moderator = moderator
        self.notify_authors = notify_authors

    def _mark(self, comment: Comment, approved: bool) -> Comment:
        comment.is_approved = approved
        comment.is_removed = not approved
        comment.moderated_by = self.moderator
        comment.moderated_at = timezone.now()
        comment.save(update_fields=["is_approved", "is_removed", "moderated_by", "moderated_at"])
        return comment

    def _notify(self, comment: Comment, approved: bool) -> None:
        if self.notify_authors and comment.author_id != self.moderator.pk:
            CommentModeratedNotifier(comment, approved=approved).send()

    def approve(self, comment: Comment) -> Comment:
        self._mark(comment, approved=True)
        self._notify(comment, approved=True)
        return comment

    def reject(self, comment: Comment) -> Comment:
        self._mark(comment, approved=False)
        self._notify(comment, approved=False)
        return comment

    def bulk_approve(self, comments) -> int:
        count = 0
        for comment in comments:
            self.approve(comment)
            count += 1
        return count
