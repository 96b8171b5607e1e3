import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Plan(models.Model):
    class Interval(models.TextChoices):
        MONTH = "month", "Monthly"
        YEAR = "year", "Yearly"

    name = models.CharField(max_length=60)
    slug = models.SlugField(unique=True)
    price_cents = models.PositiveIntegerField()
    interval = models.CharField(max_length=8, choices=Interval.choices, default=Interval.MONTH)
    stripe_price_id = models.CharField(max_length=80)
    is_active = models.BooleanField(default=True)

    def __str__(self):
        return self.name

    @property
    def price_display(self) -> str:
        return f"£{self.price_cents / 100:.2f}/{self.interval}"


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending payment"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Cancelled"
        EXPIRED = "expired", "Expired"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    stripe_checkout_id = models.CharField(max_length=120, blank=True)
    stripe_subscription_id = models.CharField(max_length=120, blank=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.user_id}:{self.plan_id}:{self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.ACTIVE, self.Status.PAST_DUE} and (
            self.current_period_end is None or self.current_period_end > timezone.now()
        )


def _new_token() -> str:
    return secrets.token_hex(16)


class NewsletterSignup(models.Model):
    email = models.EmailField(unique=True)
    token = models.CharField(max_length=32, default=_new_token, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.email
