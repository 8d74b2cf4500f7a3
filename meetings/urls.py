"""Staff pages of meetings and votes, under /meetings/: each area keeps its own URL module."""

from meetings import urls_consultation, urls_deliberation, urls_reports, urls_votes

app_name = "meetings"

urlpatterns = [
    *urls_deliberation.urlpatterns,
    *urls_consultation.urlpatterns,
    *urls_votes.urlpatterns,
    *urls_reports.urlpatterns,
]
