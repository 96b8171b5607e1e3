from django.conf import settings
from django.core.management.base import BaseCommand

from articles.services import prune_revisions


class Command(BaseCommand):
    help = "Delete old article revisions, keeping the most recent N per article."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.NEWSROOM["REVISIONS_TO_KEEP"],
            help="How many revisions to keep per article.",
        )

    def handle(self, *args, **options):
        keep = options["keep"]
        if keep < 1:
            self.stderr.write(self.style.ERROR("--keep must be at least 1"))
            return
        removed = prune_revisions(keep)
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} revision(s)."))
