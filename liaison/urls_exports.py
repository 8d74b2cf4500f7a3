"""Export jobs (XLSX/CSV of any list), under /exports/."""

from django.urls import path, re_path

from liaison import export_views

app_name = "exports"

urlpatterns = [
    path("", export_views.job_list, name="jobs"),
    path("jobs/<int:pk>/", export_views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", export_views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", export_views.job_download, name="job_download"),
    # /exports/cases.xlsx?<the list's GET parameters>
    re_path(r"^(?P<name>[-\w]+)\.(?P<fmt>xlsx|csv)$", export_views.export, name="export"),
]
