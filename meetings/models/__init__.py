"""Meetings and votes. One module per area; this package imports them so Django registers every model.

- meeting: the Meeting every kind shares (deliberation, hearing, legislative consultation, voter
  meeting, training, research, project vote, report to voters) and its attendees.
- deliberation: topics from cases, minutes, decisions and their action items.
- consultation: draft regulations, the opinions collected on them and adoption certificates.
- votes: livelihood-project vote rounds, secret ballots, the winning projects' tracking.
- reports: deputies' reports to voters (述职) and their anonymous ratings.
"""

from meetings.models import consultation, deliberation, reports, votes  # noqa: F401  (registers the models)
from meetings.models.meeting import Attendee, Meeting

__all__ = ["Attendee", "Meeting"]
