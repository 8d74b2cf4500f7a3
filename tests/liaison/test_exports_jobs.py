"""Large exports as jobs: queued by a POST, written in batches with progress, downloaded by their owner only,
cleaned up after LIAISON_EXPORT_KEEP_DAYS, queued again when their worker was lost."""

import datetime as dt
import os
from unittest import mock

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from liaison import exports
from liaison.models import ExportJob
from stations.models import Position
from tests import factories as f
from tests.liaison.export_helpers import CN, NOW, csv_table, make_cases, xlsx_table
from tests.petitions.case_helpers import new_case


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.LIAISON_EXPORT_SYNC_MAX_ROWS = 2
    with translation.override("en"):
        yield


def _post(client, url, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        return client.post(url)


def test_a_post_queues_a_job_that_writes_the_filtered_rows(world, client_for, django_capture_on_commit_callbacks):
    cases = make_cases(world)
    client = client_for("clerk")

    response = _post(client, "/exports/cases.csv?status=received&status=acknowledged&page=2",
                     django_capture_on_commit_callbacks)

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/jobs/{job.pk}/"
    assert (job.user, job.name, job.file_format, job.language) == (world.clerk, "cases", "csv", "en")
    assert job.query == "status=received&status=acknowledged"  # the page number is not a filter
    assert (job.status, job.total, job.done) == ("done", 2, 2)  # run eagerly in tests
    table = csv_table(client.get(f"/exports/jobs/{job.pk}/download/").getvalue())
    assert [row[0] for row in table[1:]] == [cases["noise"].tracking_no, cases["school"].tracking_no]

    page = client.get(f"/exports/jobs/{job.pk}/").content.decode()
    assert "The file is ready: 2 rows." in page and f"/exports/jobs/{job.pk}/download/" in page


def test_the_same_export_on_its_way_is_not_queued_twice(world, client_for):
    make_cases(world)
    with mock.patch("liaison.tasks.run_export.delay"):
        first = exports.export_job_create(by=world.clerk, name="cases", fmt="xlsx", params=QueryDict(""), language="en")
        again = exports.export_job_create(by=world.clerk, name="cases", fmt="xlsx", params=QueryDict(""), language="en")
        other = exports.export_job_create(by=world.clerk, name="cases", fmt="csv", params=QueryDict(""), language="en")
    assert first.pk == again.pk != other.pk


def test_the_xlsx_file_of_a_job_has_the_lists_rows(world, client_for):
    cases = make_cases(world)
    job = ExportJob.objects.create(user=world.district_staff, name="cases", file_format="xlsx", language="en")
    with time_machine.travel(NOW, tick=False):
        exports.run_export(job.pk, batch=2)

    job.refresh_from_db()
    with job.file.open("rb") as handle:
        title, rows = xlsx_table(handle.read())
    assert title == "Cases"
    assert [row[0] for row in rows[1:]] == [cases[n].tracking_no for n in ("lamp", "noise", "school", "bus")]
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".xlsx")


def test_progress_is_saved_after_every_batch(world):
    for i in range(5):
        new_case(world, content=f"第{i}件")
    job = ExportJob.objects.create(user=world.clerk, name="cases", file_format="csv", language="en")
    seen = []
    spec = exports.get_spec("cases")

    def row(obj, user):
        seen.append(ExportJob.objects.values_list("status", "done", "total").get(pk=job.pk))
        if len(seen) == 5:
            raise RuntimeError("disk full")
        return spec.row(obj, user)

    with mock.patch.dict(exports._REGISTRY, {"cases": exports.ExportSpec(**{**spec.__dict__, "row": row})}):
        exports.run_export(job.pk, batch=2)

    # Rows 1–2 read done=0, rows 3–4 done=2 (after the first batch), row 5 done=4: then it failed.
    assert [done for _status, done, _total in seen] == [0, 0, 2, 2, 4]
    assert {(status, total) for status, _done, total in seen} == {("running", 5)}
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("failed", 4, 5)
    assert job.error.startswith("The file could not be written") and not job.file
    assert "disk full" not in job.error


def test_the_job_page_shows_a_progress_bar_polled_while_it_runs(world, client_for):
    job = ExportJob.objects.create(
        user=world.clerk, name="cases", file_format="xlsx", status="running", total=1200, done=500
    )
    client = client_for("clerk")

    page = client.get(f"/exports/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/exports/jobs/{job.pk}/status/"' in page
    assert '<progress id="export-progress" class="w-100" max="1200" value="500">' in page
    assert "500 / 1200" in client.get(f"/exports/jobs/{job.pk}/status/").content.decode()

    ExportJob.objects.filter(pk=job.pk).update(status="done", done=1200)
    body = client.get(f"/exports/jobs/{job.pk}/status/").content.decode()
    assert "hx-get" not in body and "The file is ready: 1200 rows." in body


def _done_job(world, owner, data=b"\xef\xbb\xbfa,b\r\n"):
    job = ExportJob.objects.create(user=owner, name="cases", file_format="csv", status="done", total=1, done=1)
    job.file.save("export.csv", ContentFile(data))
    return job


def test_only_the_owner_downloads_a_finished_file(world, client_for):
    job = _done_job(world, world.clerk)

    response = client_for("clerk").get(f"/exports/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert response.getvalue() == b"\xef\xbb\xbfa,b\r\n"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    for persona in ("other_clerk", "street_staff", "district_staff", "admin"):
        for suffix in ("", "status/", "download/"):
            assert client_for(persona).get(f"/exports/jobs/{job.pk}/{suffix}").status_code == 404, (persona, suffix)
    running = ExportJob.objects.create(user=world.clerk, name="cases", file_format="csv")
    assert client_for("clerk").get(f"/exports/jobs/{running.pk}/download/").status_code == 404


def test_my_exports_lists_only_my_jobs(world, client_for):
    mine = _done_job(world, world.clerk)
    theirs = _done_job(world, world.other_clerk)

    response = client_for("clerk").get("/exports/")
    assert [job.pk for job in response.context["jobs"]] == [mine.pk]
    assert f"/exports/jobs/{theirs.pk}/" not in response.content.decode()


def test_a_job_for_a_user_who_lost_their_role_writes_nothing(world):
    make_cases(world)
    job = ExportJob.objects.create(user=world.clerk, name="cases", file_format="csv", language="en")
    Position.objects.filter(user=world.clerk).delete()
    exports.run_export(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, bool(job.file)) == ("failed", "You may no longer export this list.", False)


def test_a_job_is_claimed_once(world):
    make_cases(world)
    job = ExportJob.objects.create(user=world.clerk, name="cases", file_format="csv", language="en")
    exports.run_export(job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    exports.run_export(job.pk)  # a redelivered task finds it done
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("done", first_file)


@pytest.mark.parametrize("spec_name", ["cases", "deputies"])
def test_each_batch_costs_the_same_number_of_queries(world, spec_name):
    """Writing 4 batches costs exactly 2 batches' worth of queries more than writing 2."""
    def run(rows: int) -> int:
        ExportJob.objects.all().delete()
        job = ExportJob.objects.create(user=world.district_staff, name=spec_name, file_format="xlsx", language="en")
        queryset, _ = exports.get_spec(spec_name).queryset(world.district_staff, QueryDict(""))
        assert queryset.count() == rows
        with CaptureQueriesContext(connection) as captured:
            exports.run_export(job.pk, batch=2)
        assert ExportJob.objects.get(pk=job.pk).done == rows
        return len(captured)

    def make(i: int) -> None:
        if spec_name == "cases":
            new_case(world, content=f"第{i}件")
        else:
            deputy = f.DeputyFactory(name=f"代表{i}", district=world.district)
            f.AssignmentFactory(deputy=deputy, node=world.station_a)

    existing = 2 if spec_name == "deputies" else 0
    for i in range(4 - existing):
        make(i)
    two_batches = run(4)
    for i in range(4 - existing, 8 - existing):
        make(i)
    four_batches = run(8)
    per_batch = (four_batches - two_batches) / 2
    # cases: the progress update; deputies: the progress update and the two prefetches (assignments, specialties)
    assert per_batch == (1 if spec_name == "cases" else 3)


def test_the_sweep_deletes_old_files_and_requeues_lost_jobs(world, settings):
    settings.LIAISON_EXPORT_KEEP_DAYS = 7
    make_cases(world)
    t1 = dt.datetime(2026, 5, 19, 9, 0, tzinfo=CN)
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=CN), tick=False):
        old = _done_job(world, world.clerk)
    old_path = old.file.path
    with time_machine.travel(t1, tick=False):
        recent = _done_job(world, world.clerk)
        lost = ExportJob.objects.create(user=world.clerk, name="cases", file_format="csv", language="en")
        stuck = ExportJob.objects.create(user=world.clerk, name="cases", file_format="csv", status="running")
    with time_machine.travel(t1 + dt.timedelta(minutes=5), tick=False):
        fresh = ExportJob.objects.create(user=world.clerk, name="cases", file_format="csv", language="en")

    with time_machine.travel(t1 + dt.timedelta(minutes=12), tick=False):
        assert exports.sweep_exports(dry_run=True) == {"requeued": 2, "deleted": 1}
        assert ExportJob.objects.filter(pk=old.pk).exists()  # a dry run changes nothing
        with mock.patch("liaison.tasks.run_export.delay") as delay:
            assert exports.sweep_exports() == {"requeued": 2, "deleted": 1}
        assert sorted(call.args[0] for call in delay.call_args_list) == sorted([lost.pk, stuck.pk])

        assert not ExportJob.objects.filter(pk=old.pk).exists()
        assert not os.path.exists(old_path)
        assert ExportJob.objects.filter(pk__in=[recent.pk, lost.pk, stuck.pk, fresh.pk]).count() == 4
        # The requeued task takes the stuck job over; a second copy finds it claimed.
        exports.run_export(stuck.pk)
        assert ExportJob.objects.get(pk=stuck.pk).status == "done"


def test_the_beat_schedule_runs_the_sweep(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["exports-sweep"]
    assert entry["task"] == "liaison.tasks.sweep_exports"
    from liaison.celery import app

    app.loader.import_default_modules()
    assert "liaison.tasks.sweep_exports" in app.tasks


def test_sheet_names_are_valid_for_excel():
    assert exports.sheet_title("Cases: 2026/05 [draft]?") == "Cases  2026 05  draft"
    assert exports.sheet_title("x" * 40) == "x" * 31
    assert exports.sheet_title("///") == "Sheet1"


def test_the_sweep_command_has_a_dry_run(world):
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=CN), tick=False):
        _done_job(world, world.clerk)
    out = StringIO()
    with time_machine.travel(dt.datetime(2026, 5, 20, 9, 0, tzinfo=CN), tick=False):
        call_command("sweep_exports", "--dry-run", stdout=out)
        assert ExportJob.objects.count() == 1
        call_command("sweep_exports", stdout=out)
    assert out.getvalue().splitlines() == [
        "Would queue 0 lost export job(s) again.",
        "Would delete 1 export(s) older than 7 days.",
        "Queued 0 lost export job(s) again.",
        "Deleted 1 export(s) older than 7 days.",
    ]
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("count", [2, 9])
def test_my_exports_costs_the_same_queries_however_many_jobs(world, client_for, django_assert_max_num_queries, count):
    for _ in range(count):
        _done_job(world, world.clerk)
    client = client_for("clerk")
    # session, user, the navigation's scope (positions, assignments, deputy record), the bell, the jobs
    with django_assert_max_num_queries(7):
        response = client.get("/exports/")
    assert len(response.context["jobs"]) == count
