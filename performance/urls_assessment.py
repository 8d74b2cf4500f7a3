"""URLs of the assessment area: staff pages (urlpatterns) and no-login pages (public_urlpatterns,
under /p/performance/)."""

from django.urls import path

from performance import views_assessment as views

urlpatterns: list = [
    path("assessments/", views.assessment_ranking, name="assessment_ranking"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/reopen/", views.assessment_reopen, name="assessment_reopen"),
    path("assessments/<int:year>/<int:quarter>/publish/", views.assessment_publish, name="assessment_publish"),
    path("assessments/stations/<int:pk>/", views.assessment_station, name="assessment_station"),
    path(
        "assessments/stations/<int:pk>/<int:year>/<int:quarter>/",
        views.assessment_score,
        name="assessment_score",
    ),
    path("assessments/checklists/", views.checklist_list, name="checklist_list"),
    path("assessments/checklists/<int:pk>/", views.checklist_detail, name="checklist_detail"),
    path("targets/", views.targets, name="targets"),
    path("targets/manage/", views.targets_manage, name="targets_manage"),
]
public_urlpatterns: list = [
    path("assessments/<int:year>/<int:quarter>/", views.assessment_public, name="assessment_public"),
]
