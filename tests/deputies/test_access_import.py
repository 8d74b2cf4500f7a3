"""Who may use the import pages: district managers (and admins) only; a job is its district's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deputies.models import ImportJob
from tests.access import FORBIDDEN, OK, Row, check, everyone, params

MANAGERS = everyone(FORBIDDEN, district_staff=OK, admin=OK)


def _job(world) -> ImportJob:
    """A checked, valid job of world's district (created on first use in each test)."""
    job = ImportJob.objects.filter(district=world.district).first()
    return job or ImportJob.objects.create(
        kind=ImportJob.Kind.STATIONS,
        district=world.district,
        status=ImportJob.Status.VALID,
        file="imports/matrix.csv",
        original_name="站点.csv",
        file_format="csv",
        created_by=world.district_staff,
    )


def _upload(world) -> dict:
    data = "站点名称,站点编码,所属街道\r\n龙田二站,LT02,LT\r\n".encode()
    return {"kind": "stations", "district": world.district.pk, "file": SimpleUploadedFile("站点.csv", data)}


ROWS = [
    Row("deputies:import_start", lambda w: "/deputies/import/", MANAGERS),
    Row("deputies:import_start", lambda w: "/deputies/import/", MANAGERS, method="post", data=_upload),
    Row("deputies:import_template", lambda w: "/deputies/import/template/deputies.xlsx", MANAGERS),
    Row("deputies:import_template", lambda w: "/deputies/import/template/stations.csv", MANAGERS),
    Row("deputies:import_job", lambda w: f"/deputies/import/{_job(w).pk}/", MANAGERS),
    Row("deputies:import_job_status", lambda w: f"/deputies/import/{_job(w).pk}/status/", MANAGERS),
    Row("deputies:import_job_confirm", lambda w: f"/deputies/import/{_job(w).pk}/confirm/", MANAGERS, method="post"),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
