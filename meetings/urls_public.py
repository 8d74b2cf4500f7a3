"""No-login pages of meetings and votes, under /p/meetings/ (public summaries, ballots, opinions)."""

from meetings import urls_consultation, urls_deliberation, urls_reports, urls_votes

app_name = "meetings_public"

urlpatterns = [
    *urls_deliberation.public_urlpatterns,
    *urls_consultation.public_urlpatterns,
    *urls_votes.public_urlpatterns,
    *urls_reports.public_urlpatterns,
]
