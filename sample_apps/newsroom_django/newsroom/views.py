from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles import selectors as article_selectors
from subscriptions.models import Plan


def homepage(request):
    sections = article_selectors.get_section_map()
    lead_stories = article_selectors.published_articles()[:5]
    trending = article_selectors.trending_articles(limit=8)
    context = {
        "sections": sections.values(),
        "lead_stories": lead_stories,
        "trending": trending,
        "featured_plan": Plan.objects.filter(is_active=True).order_by("price_cents").first(),
    }
    return render(request, "home.html", context)


@never_cache
@require_GET
def healthcheck(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok"})
