"""Words shown for a case's timeline: each event's action and who did it, in the user's language.

One place, so the case page, notifications and exports say the same thing.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "create": _("Case received"),
    "assign": _("Assigned to a deputy"),
    "resolve": _("Resolved directly"),
    "refer": _("Referred to a handling unit"),
    "acknowledge": _("Receipt acknowledged by the unit"),
    "reply": _("Written reply recorded"),
    "inform": _("Resident informed"),
    "rate": _("Resident's rating recorded"),
    "close": _("Case closed"),
    "withdraw": _("Withdrawn by the resident"),
    "merge": _("Merged into another case"),
    "escalate": _("Escalated to a deputy suggestion"),
    "extend": _("Reply deadline extended"),
    "comment": _("Note"),
    "remind": _("Deadline reminder"),
    "overdue": _("Marked overdue"),
    "escalate_step": _("Escalated for supervision"),
    "attach": _("Files attached"),
    "edit": _("Case details edited"),
    # Written by meetings when an action item of a deliberation meeting behind the case is done.
    "meeting_action": _("Meeting action item done"),
}

ACTOR_LABELS = {
    "resident": _("Resident"),
    "system": _("System"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def actor_name(event) -> str:
    """The user's full name (or username); "Resident" / "System" when no user acted."""
    if event.actor_id and event.actor is not None:
        return event.actor.get_full_name() or event.actor.get_username()
    label = event.actor_label
    return str(ACTOR_LABELS.get(label, label or _("System")))
