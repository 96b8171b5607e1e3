from celery import shared_task

from .models import Notification


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def deliver_email(self, notification_id: int):
    from .services.email import send_notification_email

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return "skipped"
    if not send_notification_email(notification):
        raise self.retry()
    return "sent"
