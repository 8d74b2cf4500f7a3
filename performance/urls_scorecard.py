"""URLs of the scorecard area: staff pages (urlpatterns) and no-login pages (public_urlpatterns,
under /p/performance/)."""

from django.urls import path

from performance import views_scorecard as views

urlpatterns: list = [
    path("scorecards/", views.scorecard_list, name="scorecard_list"),
    path("scorecards/mine/", views.scorecard_mine, name="scorecard_mine"),
    path("scorecards/rules/", views.scorecard_rules, name="scorecard_rules"),
    path("scorecards/quotas/", views.scorecard_quotas, name="scorecard_quotas"),
    path("scorecards/<int:deputy_id>/", views.scorecard_detail, name="scorecard_detail"),
]
public_urlpatterns: list = [
    path("deputies/<int:deputy_id>/", views.public_scorecard, name="scorecard"),
]
