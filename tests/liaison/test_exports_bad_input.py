"""Review pass: odd input on the export pages (unknown lists, junk filters in a background job, a
double click on "prepare the file", odd ids) gives a clear answer, never a 500 or a failed job."""

import pytest
import time_machine
from django.utils import translation

from liaison.models import ExportJob
from tests.liaison.export_helpers import NOW, csv_table, make_cases


@pytest.fixture(autouse=True)
def _small_sync(settings):
    settings.LIAISON_EXPORT_SYNC_MAX_ROWS = 1


def _post(client, url, capture):
    with time_machine.travel(NOW, tick=False), capture(execute=True):
        return client.post(url)


def test_junk_filters_in_a_job_are_ignored_as_on_the_list(world, client_for, django_capture_on_commit_callbacks):
    make_cases(world)
    client = client_for("clerk")
    response = _post(client, "/exports/cases.csv?station=abc&received_min=2026-02-30&o=%00&status=zz",
                     django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert job.status == "done" and job.error == ""
    assert len(csv_table(client.get(f"/exports/jobs/{job.pk}/download/").getvalue())) == 1 + job.total


def test_a_double_click_on_prepare_queues_one_job(world, client_for, django_capture_on_commit_callbacks):
    make_cases(world)
    client = client_for("district_staff")
    from unittest import mock

    with mock.patch("liaison.tasks.run_export.delay") as delay, django_capture_on_commit_callbacks(execute=True):
        first = client.post("/exports/cases.xlsx?status=received")
        second = client.post("/exports/cases.xlsx?status=received")
    assert first["Location"] == second["Location"]
    assert ExportJob.objects.count() == 1 and delay.call_count == 1


@pytest.mark.parametrize("url", ["/exports/nope.csv", "/exports/cases.pdf", "/exports/jobs/0/",
                                 "/exports/jobs/99999999999999999999/", "/exports/jobs/1/download/"])
def test_unknown_lists_formats_and_jobs_are_404(world, client_for, url):
    assert client_for("district_staff").get(url).status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_job_pages_render_in_each_language(world, client_for, settings, language,
                                               django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = language
    make_cases(world)
    client = client_for("clerk")
    with translation.override(language):
        _post(client, "/exports/cases.csv", django_capture_on_commit_callbacks)
        job = ExportJob.objects.get()
        for url in ("/exports/", f"/exports/jobs/{job.pk}/", f"/exports/jobs/{job.pk}/status/"):
            response = client.get(url)
            assert response.status_code == 200
        assert f'<html lang="{language}">' in client.get("/exports/").content.decode()
    assert job.language == language
