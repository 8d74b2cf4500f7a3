"""Role × URL matrix for the exports (/exports/): a list's export follows the list's own access; jobs and
their files are their owner's only (anyone else: 404, an admin included)."""

import pytest
from django.core.files.base import ContentFile

from liaison.models import ExportJob
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, Row, check, everyone, params

MEMBERS = everyone(OK, outsider=FORBIDDEN)
CLERKS_AND_STAFF = everyone(OK, outsider=FORBIDDEN, deputy_user=FORBIDDEN)
OWNER_ONLY = everyone(NOT_FOUND, clerk=OK)


def _job(w) -> ExportJob:
    """A finished export of the clerk's."""
    job = ExportJob.objects.create(user=w.clerk, name="cases", file_format="csv", status="done", total=1, done=1)
    job.file.save("export.csv", ContentFile(b"\xef\xbb\xbfa\r\n"))
    return job


ROWS = [
    Row("exports:export", lambda w: "/exports/cases.csv", MEMBERS),
    Row("exports:export", lambda w: "/exports/cases.xlsx?status=received", MEMBERS),
    Row("exports:export", lambda w: "/exports/deputies.xlsx", MEMBERS),
    Row("exports:export", lambda w: "/exports/receptions.csv", CLERKS_AND_STAFF),
    Row("exports:export", lambda w: "/exports/meetings.csv", everyone(OK, outsider=FORBIDDEN)),
    Row("exports:export", lambda w: "/exports/nothing.csv", everyone(NOT_FOUND)),
    # A POST queues a background job and leads to its page.
    Row("exports:export", lambda w: "/exports/cases.xlsx", MEMBERS, method="post"),
    Row("exports:export", lambda w: "/exports/receptions.xlsx", CLERKS_AND_STAFF, method="post"),
    Row("exports:jobs", lambda w: "/exports/", everyone(OK)),
    Row("exports:job", lambda w: f"/exports/jobs/{_job(w).pk}/", OWNER_ONLY),
    Row("exports:job_status", lambda w: f"/exports/jobs/{_job(w).pk}/status/", OWNER_ONLY),
    Row("exports:job_download", lambda w: f"/exports/jobs/{_job(w).pk}/download/", OWNER_ONLY),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
