from liaison.sweep_command import SweepCommand
from meetings.sweep import sweep_action_items


class Command(SweepCommand):
    help = (
        "Send the reminders, overdue notices and escalations of meetings' action items due now (the same "
        "sweep beat runs after the case sweep). Each step is recorded once, so running it again is harmless."
    )
    sweep = staticmethod(sweep_action_items)
