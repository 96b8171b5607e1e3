from django.db import transaction
from django.utils import timezone

from ..models import Notification
from ..tasks import deliver_email


def notify(recipient, verb: str, message: str, target_url: str = "", email: bool = False) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, verb=verb, message=message[:300], target_url=target_url
    )
    if email and recipient.email:
        transaction.on_commit(lambda: deliver_email.delay(notification.pk))
    return notification


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, notification_id: int) -> bool:
    updated = Notification.objects.filter(pk=notification_id, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return bool(updated)


def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
