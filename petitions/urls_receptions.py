"""Routes for logging reception days and the ledger (petitions/urls.py joins them)."""

from django.urls import path

from petitions import ledger_views, reception_views

urlpatterns: list = [
    path("receptions/", reception_views.reception_todo, name="reception_todo"),
    path("receptions/<int:pk>/log/", reception_views.reception_log, name="reception_log"),
    path("receptions/<int:pk>/log/draft/", reception_views.reception_log_draft, name="reception_log_draft"),
    path("receptions/<int:pk>/log/rows/", reception_views.reception_log_rows, name="reception_log_rows"),
    path(
        "receptions/<int:pk>/duties/<int:duty_pk>/attendance/",
        reception_views.reception_attendance,
        name="reception_attendance",
    ),
    path("receptions/<int:pk>/photos/", reception_views.reception_photo_add, name="reception_photo_add"),
    path("receptions/photos/<int:pk>/", reception_views.reception_photo, name="reception_photo"),
    path("ledger/", ledger_views.ledger, name="ledger"),
    path("ledger/export.xlsx", ledger_views.ledger_xlsx, name="ledger_xlsx"),
    path("ledger/export.csv", ledger_views.ledger_csv, name="ledger_csv"),
]
