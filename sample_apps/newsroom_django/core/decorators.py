import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from .permissions import is_editor


def editor_required(view_func):
    """Reject the request unless the user is an editor."""

    @functools.wraps(view_func)
    def _wrapped(request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied("Editors only.")
        return view_func(request, *args, **kwargs)

    return _wrapped


def rate_limited(per_minute=None, key="user"):
    """Allow at most ``per_minute`` calls of the view per user (or per IP) per minute."""

    def decorator(view_func):
        limit = per_minute or settings.NEWSROOM["COMMENTS_PER_MINUTE"]

        @functools.wraps(view_func)
        def _wrapped(request, *args, **kwargs):
            if key == "user" and request.user.is_authenticated:
                ident = f"u{request.user.pk}"
            else:
                ident = request.META.get("HTTP_X_FORWARDED_FOR", request.META.get("REMOTE_ADDR", "anon"))
            bucket = int(time.time() // 60)
            cache_key = f"rl:{view_func.__module__}.{view_func.__name__}:{ident}:{bucket}"
            added = cache.add(cache_key, 1, timeout=70)
            count = 1 if added else cache.incr(cache_key)
            if count > limit:
                return HttpResponse("Too many requests, slow down.", status=429)
            return view_func(request, *args, **kwargs)

        return _wrapped

    return decorator
