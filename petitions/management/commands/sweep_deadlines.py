from liaison.sweep_command import SweepCommand
from petitions.sweep import sweep_deadlines


class Command(SweepCommand):
    help = (
        "Send the deadline reminders, overdue notices and escalations due now (the same sweep beat runs "
        "every few minutes). Each step is recorded once, so running it again is harmless."
    )
    sweep = staticmethod(sweep_deadlines)
