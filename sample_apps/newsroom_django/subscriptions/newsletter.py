"""Newsletter sign-up, double opt-in and sending."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.text import excerpt
from notifications.services import log_email, log_emails_bulk

from .models import NewsletterSignup
from .selectors import confirmed_newsletter_emails

BATCH_SIZE = 200


def request_signup(email: str) -> NewsletterSignup:
    signup, created = NewsletterSignup.objects.get_or_create(email=email.lower())
    if signup.confirmed_at and not signup.unsubscribed_at:
        return signup
    if not created and signup.unsubscribed_at:
        signup.unsubscribed_at = None
        signup.save(update_fields=["unsubscribed_at"])
    confirm_url = settings.SITE_URL + reverse("subscriptions:newsletter-confirm", kwargs={"token": signup.token})
    subject = "Confirm your Newsroom Briefing subscription"
    body = render_to_string("subscriptions/confirm_email.txt", {"confirm_url": confirm_url})
    send_mail(subject, body, settings.NEWSLETTER_FROM_EMAIL, [signup.email])
    log_email(signup.email, subject, category="newsletter_confirm")
    return signup


def confirm_signup(token: str) -> NewsletterSignup | None:
    signup = NewsletterSignup.objects.filter(token=token).first()
    if signup is None:
        return None
    if signup.confirmed_at is None:
        signup.confirmed_at = timezone.now()
        signup.save(update_fields=["confirmed_at"])
    return signup


def render_issue(article) -> tuple[str, str, str]:
    subject = f"Briefing: {article.title}"
    context = {
        "article": article,
        "summary": article.standfirst or excerpt(article.body, words=60),
        "url": settings.SITE_URL + article.get_absolute_url(),
    }
    return (
        subject,
        render_to_string("subscriptions/newsletter.txt", context),
        render_to_string("subscriptions/newsletter.html", context),
    )


def send_issue(article) -> int:
    subject, text_body, html_body = render_issue(article)
    recipients = list(confirmed_newsletter_emails())
    sent = 0
    with get_connection() as connection:
        for start in range(0, len(recipients), BATCH_SIZE):
            batch = recipients[start : start + BATCH_SIZE]
            messages = []
            for address in batch:
                message = EmailMultiAlternatives(
                    subject, text_body, settings.NEWSLETTER_FROM_EMAIL, [address], connection=connection
                )
                message.attach_alternative(html_body, "text/html")
                messages.append(message)
            sent += connection.send_messages(messages) or 0
            log_emails_bulk(batch, subject, category="newsletter")
    return sent
