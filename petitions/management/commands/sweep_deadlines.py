from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liaison.deadlines import CHINA
from petitions.sweep import sweep_deadlines


def _parse_now(value: str) -> datetime:
    """An ISO date or date-time; without an offset it is read as Asia/Shanghai time."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--now: not an ISO date or date-time: {value!r}") from error
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=CHINA)


class Command(BaseCommand):
    help = (
        "Send the deadline reminders, overdue notices and escalations due now (the same sweep beat runs "
        "every few minutes). Each step is recorded once, so running it again is harmless."
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
        report = sweep_deadlines(now=now, dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
