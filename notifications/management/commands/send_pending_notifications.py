from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.delivery import deliver_pending


class Command(BaseCommand):
    help = "Retry emails and SMS stuck in pending/sending or failed (the same sweep beat runs every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be retried.")

    def handle(self, *args, dry_run=False, **options):
        result = deliver_pending(now=timezone.now(), dry_run=dry_run)
        verb = "Would retry" if dry_run else "Retried"
        self.stdout.write(
            f"{verb} {result.deliveries} notification deliveries and {result.sms} SMS; "
            f"{result.gave_up} given up after too many attempts."
        )
