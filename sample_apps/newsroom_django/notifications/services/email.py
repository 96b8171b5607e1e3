import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import EmailLog, Notification

logger = logging.getLogger(__name__)


def log_email(to_address: str, subject: str, category: str, succeeded: bool = True, error: str = "") -> EmailLog:
    return EmailLog.objects.create(
        to_address=to_address, subject=subject[:200], category=category, succeeded=succeeded, error=error
    )


def log_emails_bulk(addresses, subject: str, category: str) -> int:
    rows = [EmailLog(to_address=address, subject=subject[:200], category=category) for address in addresses]
    return len(EmailLog.objects.bulk_create(rows, batch_size=500))


def send_notification_email(notification: Notification) -> bool:
    recipient = notification.recipient
    subject = f"[Newsroom] {notification.message[:80]}"
    body = render_to_string(
        "notifications/email.txt",
        {"notification": notification, "site_url": settings.SITE_URL, "user": recipient},
    )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except (SMTPException, OSError) as exc:
        logger.warning("notification %s email failed: %s", notification.pk, exc)
        log_email(recipient.email, subject, category=notification.verb, succeeded=False, error=str(exc))
        return False
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    log_email(recipient.email, subject, category=notification.verb)
    return True
