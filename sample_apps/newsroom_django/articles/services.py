"""Write-side operations on articles. Views, the API and the admin all go through here."""
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.text import unique_slugify

from .models import Article, ArticleRevision

logger = logging.getLogger(__name__)


class PublishError(Exception):
    pass


def create_revision(article: Article, editor, note: str = "") -> ArticleRevision:
    return ArticleRevision.objects.create(
        article=article, editor=editor, title=article.title, body=article.body, note=note
    )


@transaction.atomic
def create_article(author, *, section, title, body, standfirst="", allow_comments=True) -> Article:
    article = Article(
        author=author,
        section=section,
        title=title,
        standfirst=standfirst,
        body=body,
        allow_comments=allow_comments,
        slug=unique_slugify(title, Article.objects.all()),
    )
    article.save()
    create_revision(article, author, note="Created")
    return article


@transaction.atomic
def update_article(article: Article, editor, *, note: str = "", **changes) -> Article:
    for field, value in changes.items():
        setattr(article, field, value)
    if "title" in changes and not article.is_published:
        article.slug = unique_slugify(article.title, Article.objects.exclude(pk=article.pk))
    article.save()
    create_revision(article, editor, note=note or "Edited")
    return article


@transaction.atomic
def publish_article(article: Article, editor) -> Article:
    if article.status == Article.Status.ARCHIVED:
        raise PublishError("Archived articles cannot be republished.")
    if not article.body.strip():
        raise PublishError("An article needs a body before it can be published.")
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    create_revision(article, editor, note="Published")
    logger.info("article %s published by %s", article.pk, editor)
    return article


def record_view(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


def prune_revisions(keep: int) -> int:
    removed = 0
    article_ids = ArticleRevision.objects.values_list("article_id", flat=True).distinct()
    for article_id in article_ids:
        stale = ArticleRevision.objects.filter(article_id=article_id).order_by("-created_at")[keep:]
        stale_ids = list(stale.values_list("pk", flat=True))
        if stale_ids:
            deleted, _ = ArticleRevision.objects.filter(pk__in=stale_ids).delete()
            removed += deleted
    return removed
