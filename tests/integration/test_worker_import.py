"""An import checked and applied by a real Celery worker process, not eagerly in this process."""

import pytest

from deputies.importing import services
from deputies.models import Assignment, Deputy, ImportJob
from tests import factories as f
from tests.deputies import import_helpers as h

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _status_in(job, statuses):
    def check():
        job.refresh_from_db()
        return job.status in statuses

    return check


def test_a_worker_checks_and_applies_an_uploaded_file(celery_worker):
    admin = f.UserFactory(username="worker-admin", is_superuser=True)
    district = f.DistrictFactory(name="龙岗区", code="LG", by=admin)
    street = f.StreetFactory(name="龙田街道", code="LT", parent=district, by=admin)
    station = f.StationFactory(name="南岭社区联络站", code="LT01", parent=street, by=admin)
    f.PointFactory(name="南岭产业园联系点", code="LT01P1", parent=station, by=admin)
    manager = f.UserFactory(username="worker-manager")
    f.PositionFactory(user=manager, node=district)
    rows = [h.deputy(姓名=f"代表{i}", 联系电话=f"1380013800{i}") for i in range(3)]

    # Outside any transaction here, so the task is published as soon as the upload commits.
    job = services.import_job_create(
        by=manager,
        kind=ImportJob.Kind.DEPUTIES,
        district=district,
        upload=h.upload(h.csv_bytes(h.table(ImportJob.Kind.DEPUTIES, rows)), "代表.csv"),
        language="en",
    )
    celery_worker.wait_for(_status_in(job, {"valid", "invalid", "failed"}), "the worker to check the file")
    assert job.status == ImportJob.Status.VALID, job.errors or job.failure_reason
    assert job.summary["new"] == 3
    assert not Deputy.objects.filter(name__startswith="代表").exists()

    services.import_job_confirm(by=manager, job=job)
    celery_worker.wait_for(_status_in(job, {"done", "failed"}), "the worker to apply the file")

    assert job.status == ImportJob.Status.DONE, job.failure_reason
    assert Deputy.objects.filter(district=district, name__startswith="代表").count() == 3
    assert Assignment.objects.filter(node=station, deputy__name__startswith="代表").count() == 3
    log = celery_worker.output()  # the other process did the work, not this one eagerly
    assert "deputies.tasks.validate_import" in log and "deputies.tasks.apply_import" in log
