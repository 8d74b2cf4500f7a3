"""A clerk exports the case list from its buttons: a small list downloads at once; a large one is
prepared in the background, its page polls the progress (htmx under the strict CSP) and offers the file."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from liaison.models import ExportJob
from petitions import services
from petitions.models import Category, Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _case(world, n: int) -> Petition:
    category, _ = Category.objects.get_or_create(name="城市管理")
    return services.petition_create(
        by=world.clerk, node=world.station_a, channel=Petition.Channel.STATION, resident_name="王小明",
        resident_phone="13812348000", category=category, content=f"第{n}件：路灯坏了。",
    )


def test_a_clerk_downloads_the_filtered_case_list(world, page, log_in):
    first = _case(world, 1)
    _case(world, 2)
    log_in(page, "clerk")
    page.goto(f"/cases/?q={first.tracking_no}")

    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    data = Path(download.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [first.tracking_no]
    assert rows[1][-1] == "138****8000"
    assert download.value.suggested_filename.endswith(".csv")


def test_a_large_export_shows_its_progress_then_the_download(world, page, log_in, settings):
    settings.LIAISON_EXPORT_SYNC_MAX_ROWS = 1
    for n in range(3):
        _case(world, n)
    log_in(page, "clerk")
    page.goto("/cases/")
    page.get_by_test_id("export-xlsx").click()
    expect(page.get_by_test_id("export-count")).to_contain_text("3")
    page.get_by_test_id("export-start").click()  # written at once here: Celery is eager in tests
    expect(page.get_by_test_id("export-download")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # A job still running, as a worker leaves it between batches: the page follows it by itself.
    job = ExportJob.objects.create(
        user=world.clerk, name="cases", file_format="csv", status="running", total=3000, done=1000
    )
    page.goto(f"/exports/jobs/{job.pk}/")
    expect(page.get_by_test_id("export-progress")).to_have_text("1000 / 3000")
    ExportJob.objects.filter(pk=job.pk).update(done=2500)
    expect(page.get_by_test_id("export-progress")).to_have_text("2500 / 3000")
    job.file.save("export.csv", io.BytesIO(b"\xef\xbb\xbfa\r\n"), save=False)
    ExportJob.objects.filter(pk=job.pk).update(status="done", done=3000, file=job.file.name)
    expect(page.get_by_test_id("export-download")).to_be_visible()
    page.goto("/exports/")
    expect(page.get_by_test_id("export-job-row")).to_have_count(2)
