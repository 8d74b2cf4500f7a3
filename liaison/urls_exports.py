"""Export jobs (XLSX/CSV of any list), under /exports/."""

app_name = "exports"

urlpatterns: list = []
