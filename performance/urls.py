"""Dashboards, scorecards and station assessments, under /performance/: each area keeps its own URL module."""

from performance import urls_assessment, urls_dashboard, urls_scorecard

app_name = "performance"

urlpatterns = [
    *urls_dashboard.urlpatterns,
    *urls_scorecard.urlpatterns,
    *urls_assessment.urlpatterns,
]
