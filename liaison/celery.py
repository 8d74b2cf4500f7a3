"""The Celery app. Beat's schedule lives in code (CELERY_BEAT_SCHEDULE in each app's tasks registry)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")

app = Celery("liaison")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
