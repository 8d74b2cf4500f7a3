"""Mark reception days not logged in time as missed and notify their clerks and street staff."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from stations.reception_sweep import sweep_missed_receptions


class Command(BaseCommand):
    help = "Mark reception days not logged N days after their date as missed (LIAISON_RECEPTION_MISSED_AFTER_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be flagged.")

    def handle(self, *args, dry_run=False, **options):
        result = sweep_missed_receptions(now=timezone.now(), dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{len(result.due)} reception(s) would be marked missed: {result.due}")
        else:
            self.stdout.write(f"{len(result.flipped)} reception(s) marked missed: {result.flipped}")
