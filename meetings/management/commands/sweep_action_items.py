from django.core.management.base import BaseCommand

from meetings.sweep import sweep_action_items
from petitions.management.commands.sweep_deadlines import _parse_now


class Command(BaseCommand):
    help = (
        "Send the reminders, overdue notices and escalations of meetings' action items due now (the same "
        "sweep beat runs after the case sweep). Each step is recorded once, so running it again is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be recorded; write nothing.")
        parser.add_argument(
            "--now",
            type=_parse_now,
            help="Sweep as of this moment (ISO, e.g. 2026-06-11 or 2026-06-11T09:00; Asia/Shanghai unless an "
            "offset is given) instead of the clock.",
        )

    def handle(self, *args, dry_run=False, now=None, **options):
        report = sweep_action_items(now=now, dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
