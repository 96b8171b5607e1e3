from django.conf import settings
from django.core.management.base import BaseCommand

from ...services import expire_due_subscriptions


class Command(BaseCommand):
    help = "Mark subscriptions whose paid period ended more than the grace period ago as expired."

    def add_arguments(self, parser):
        parser.add_argument("--grace-days", type=int, default=settings.NEWSROOM["SUBSCRIPTION_GRACE_DAYS"])

    def handle(self, *args, **options):
        count = expire_due_subscriptions(options["grace_days"])
        self.stdout.write(f"Expired {count} subscription(s).")
