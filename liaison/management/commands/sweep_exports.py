from django.core.management.base import BaseCommand

from liaison.exports import keep_days, sweep_exports


class Command(BaseCommand):
    help = (
        "Queue again the export jobs whose worker was lost, and delete exports (and their files) older than "
        "LIAISON_EXPORT_KEEP_DAYS: the same sweep beat runs every ten minutes. Running it twice is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be done; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        result = sweep_exports(dry_run=dry_run)
        prefix = "Would queue" if dry_run else "Queued"
        self.stdout.write(f"{prefix} {result['requeued']} lost export job(s) again.")
        prefix = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{prefix} {result['deleted']} export(s) older than {keep_days()} days.")
