import logging

from celery import shared_task
from django.utils import timezone

from articles.models import Article

from . import newsletter

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_newsletter(article_id: int) -> int:
    article = Article.objects.filter(pk=article_id, newsletter_sent_at__isnull=True).first()
    if article is None or not article.is_published:
        logger.info("newsletter for article %s skipped", article_id)
        return 0
    claimed = Article.objects.filter(pk=article_id, newsletter_sent_at__isnull=True).update(
        newsletter_sent_at=timezone.now()
    )
    if not claimed:
        return 0
    sent = newsletter.send_issue(article)
    logger.info("newsletter for article %s sent to %d readers", article_id, sent)
    return sent
