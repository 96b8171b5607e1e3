import re

from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

_WHITESPACE = re.compile(r"\s+")


def normalise_whitespace(value: str) -> str:
    return _WHITESPACE.sub(" ", value or "").strip()


def excerpt(html: str, words: int = 40) -> str:
    text = normalise_whitespace(strip_tags(html))
    return Truncator(text).words(words, truncate="…")


def unique_slugify(title: str, queryset, slug_field: str = "slug", max_length: int = 80) -> str:
    """Slugify ``title`` and append -2, -3, ... until no row of ``queryset`` has the slug."""
    base = slugify(title)[:max_length].strip("-") or "item"
    candidate = base
    suffix = 2
    while queryset.filter(**{slug_field: candidate}).exists():
        tail = f"-{suffix}"
        candidate = f"{base[: max_length - len(tail)]}{tail}"
        suffix += 1
    return candidate
