"""A large export written by a real Celery worker process, not eagerly in this process."""

import pytest
from django.http import QueryDict

from liaison import exports
from petitions import services
from petitions.models import Category, Petition
from tests import factories as f
from tests.liaison.export_helpers import csv_table

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROWS = 60


def test_a_worker_writes_a_large_export_and_only_the_owners_rows(celery_worker, settings, client):
    settings.LIAISON_EXPORT_SYNC_MAX_ROWS = 10
    admin = f.UserFactory(username="worker-admin", is_superuser=True)
    district = f.DistrictFactory(name="龙岗区", code="LG", by=admin)
    street = f.StreetFactory(name="龙田街道", code="LT", parent=district, by=admin)
    other_street = f.StreetFactory(name="南湾街道", code="NW", parent=district, by=admin)
    station = f.StationFactory(name="南岭社区联络站", code="LT01", parent=street, by=admin)
    other = f.StationFactory(name="沙湾社区联络站", code="NW01", parent=other_street, by=admin)
    clerk = f.UserFactory(username="worker-clerk")
    f.PositionFactory(user=clerk, node=station)
    category, _ = Category.objects.get_or_create(name="城市管理")
    for i, node in enumerate([station] * ROWS + [other] * 3):
        services.petition_create(
            by=admin, node=node, channel=Petition.Channel.STATION, resident_name=f"居民{i}",
            resident_phone=f"138{i:08d}", category=category, content=f"第{i}件事",
        )

    # Outside any transaction here, so the task is published as soon as the job commits.
    job = exports.export_job_create(by=clerk, name="cases", fmt="csv", params=QueryDict(""), language="en")

    def finished():
        job.refresh_from_db()
        return job.status in {"done", "failed"}

    celery_worker.wait_for(finished, "the worker to write the export")
    assert job.status == "done", job.error
    assert (job.total, job.done) == (ROWS, ROWS)
    with job.file.open("rb") as handle:
        table = csv_table(handle.read())
    assert len(table) == ROWS + 1
    assert all(row[2] == "南岭社区联络站" for row in table[1:])  # never another station's case
    assert all(row[11].startswith("138****") for row in table[1:])  # masked as on the list
    client.force_login(clerk)
    assert client.get(f"/exports/jobs/{job.pk}/download/").status_code == 200
    assert "liaison.tasks.run_export" in celery_worker.output()  # the other process did the work
