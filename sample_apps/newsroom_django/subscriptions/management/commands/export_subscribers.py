import csv

from django.core.management.base import BaseCommand
from django.utils import timezone

from subscriptions.models import NewsletterSignup


class Command(BaseCommand):
    help = "Export confirmed newsletter subscribers for the mailing-list provider."

    def add_arguments(self, parser):
        parser.add_argument("--only-new", action="store_true", help="Only rows not exported before.")

    def handle(self, *args, **options):
        signups = NewsletterSignup.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        if options["only_new"]:
            signups = signups.filter(exported_at__isnull=True)
        signups = signups.order_by("confirmed_at")
        exported_ids = []
        with open("var/exports/newsletter_subscribers.csv", "w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["email", "confirmed_at"])
            for signup in signups.iterator():
                writer.writerow([signup.email, signup.confirmed_at.isoformat()])
                exported_ids.append(signup.pk)
        NewsletterSignup.objects.filter(pk__in=exported_ids).update(exported_at=timezone.now())
        self.stdout.write(self.style.SUCCESS(f"Exported {len(exported_ids)} subscriber(s)."))
