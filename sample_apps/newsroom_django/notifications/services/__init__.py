from .dispatch import mark_all_read, mark_read, notify, unread_count
from .email import log_email, log_emails_bulk, send_notification_email

__all__ = [
    "log_email",
    "log_emails_bulk",
    "mark_all_read",
    "mark_read",
    "notify",
    "send_notification_email",
    "unread_count",
]
