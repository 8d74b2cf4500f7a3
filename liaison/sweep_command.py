"""The management command shape of the deadline sweeps (cases, meetings' action items): `--dry-run` and
`--now`, then the sweep report's lines. A subclass names its sweep and its help text."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liaison.deadlines import CHINA


def parse_now(value: str) -> datetime:
    """An ISO date or date-time; without an offset it is read as Asia/Shanghai time."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--now: not an ISO date or date-time: {value!r}") from error
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=CHINA)


class SweepCommand(BaseCommand):
    """A subclass sets `sweep = staticmethod(its_sweep)`: called with now= and dry_run=, it returns a
    report with .lines()."""

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be recorded; write nothing.")
        parser.add_argument(
            "--now",
            type=parse_now,
            help="Sweep as of this moment (ISO, e.g. 2026-06-11 or 2026-06-11T09:00; Asia/Shanghai unless an "
            "offset is given) instead of the clock.",
        )

    def handle(self, *args, dry_run=False, now=None, **options):
        for line in self.sweep(now=now, dry_run=dry_run).lines():
            self.stdout.write(line)
