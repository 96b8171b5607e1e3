from datetime import timedelta

from django.utils import timezone

from .models import NewsletterSignup, Plan, Subscription


def active_plans():
    return Plan.objects.filter(is_active=True).order_by("price_cents")


def active_subscription_for(user):
    if not user.is_authenticated:
        return None
    return (
        Subscription.objects.filter(
            user=user, status__in=[Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE]
        )
        .select_related("plan")
        .order_by("-current_period_end")
        .first()
    )


def due_for_expiry(grace_days: int):
    cutoff = timezone.now() - timedelta(days=grace_days)
    return Subscription.objects.filter(
        status__in=[Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE, Subscription.Status.CANCELED],
        current_period_end__lt=cutoff,
    ).select_related("user", "plan")


def confirmed_newsletter_emails():
    return NewsletterSignup.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).values_list(
        "email", flat=True
    )
