"""No-login pages of performance, under /p/performance/ (public scorecards, published station rankings)."""

from performance import urls_assessment, urls_dashboard, urls_scorecard

app_name = "performance_public"

urlpatterns = [
    *urls_dashboard.public_urlpatterns,
    *urls_scorecard.public_urlpatterns,
    *urls_assessment.public_urlpatterns,
]
