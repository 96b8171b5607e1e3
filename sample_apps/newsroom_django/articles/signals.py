from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from subscriptions.tasks import send_newsletter

from .models import Article


@receiver(post_save, sender=Article)
def on_article_saved(sender, instance: Article, created, update_fields=None, **kwargs):
    """Queue the newsletter the first time an article goes live."""
    if kwargs.get("raw"):
        return
    if not instance.is_published or instance.newsletter_sent_at is not None:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    transaction.on_commit(lambda: send_newsletter.delay(instance.pk))
