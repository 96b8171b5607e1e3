"""Read-side queries for articles, shared by the site, the API and other apps."""
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from .models import Article, Section

# Sections change a few times a year; keep them per process instead of querying per request.
_SECTION_CACHE: dict[str, Section] = {}
_SECTION_CACHE_TTL = timedelta(minutes=10)
_section_cache_loaded_at = None


def get_section_map() -> dict[str, Section]:
    global _section_cache_loaded_at
    now = timezone.now()
    if _section_cache_loaded_at is None or now - _section_cache_loaded_at > _SECTION_CACHE_TTL:
        _SECTION_CACHE.clear()
        for section in Section.objects.filter(is_visible=True):
            _SECTION_CACHE[section.slug] = section
        _section_cache_loaded_at = now
    return _SECTION_CACHE


def published_articles():
    return Article.objects.published().select_related("section", "author")


def section_articles(section_slug: str):
    return published_articles().in_section(section_slug)


def trending_articles(limit: int = 10, days: int = 3):
    since = timezone.now() - timedelta(days=days)
    return (
        published_articles()
        .filter(published_at__gte=since)
        .annotate(score=F("view_count") + 5 * F("comment_count"))
        .order_by("-score")[:limit]
    )


def archive_for_month(year: int, month: int):
    return published_articles().filter(published_at__year=year, published_at__month=month)


def get_article_for_reader(slug: str, user):
    """Published articles for everyone; drafts only for their author and editors."""
    from core.permissions import can_edit_article

    article = Article.objects.select_related("section", "author").filter(slug=slug).first()
    if article is None:
        return None
    if article.is_published or (user.is_authenticated and can_edit_article(user, article)):
        return article
    return None
