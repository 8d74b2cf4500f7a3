"""The import pages as a district manager uses them: download a template, upload, read the preview or
the errors, confirm, watch the progress. Celery runs eagerly here; tasks start after commit."""

import io

import pytest
from openpyxl import load_workbook

from deputies.importing import runner
from deputies.importing.columns import COLUMNS
from deputies.importing.reader import read_table, sniff
from deputies.models import Deputy, ImportJob
from tests import factories as f
from tests.deputies import import_helpers as h

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def manager(client_for):
    return client_for("district_staff")


def _post(client, capture, kind, data: bytes, name: str):
    with capture(execute=True):
        return client.post(
            "/deputies/import/",
            {"kind": kind, "district": client.world_district, "file": h.upload(data, name)},
            **EN,
        )


@pytest.fixture
def upload(manager, world, django_capture_on_commit_callbacks):
    manager.world_district = world.district.pk

    def go(kind, rows, name="代表.xlsx"):
        data = (h.csv_bytes if name.endswith(".csv") else h.xlsx_bytes)(h.table(kind, rows))
        return _post(manager, django_capture_on_commit_callbacks, kind, data, name)

    return go


@pytest.mark.parametrize(("kind", "fmt"), [(k, fmt) for k in ImportJob.Kind.values for fmt in ("xlsx", "csv")])
def test_each_template_downloads_and_parses_back_with_its_headers(manager, kind, fmt):
    response = manager.get(f"/deputies/import/template/{kind}.{fmt}")

    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"] and "filename*=utf-8''" in response["Content-Disposition"]
    data = response.content
    assert sniff(data) == fmt
    table = read_table(data, fmt)
    assert table.headers == [c.header for c in COLUMNS[kind]]
    assert [n for n, _cells in table.rows] == [2]  # the example row
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    else:
        assert load_workbook(io.BytesIO(data)).sheetnames == ["导入", "说明"]


def test_an_unchanged_template_is_refused_row_by_row(manager, world, django_capture_on_commit_callbacks):
    manager.world_district = world.district.pk
    template = manager.get("/deputies/import/template/deputies.xlsx").content

    _post(manager, django_capture_on_commit_callbacks, "deputies", template, "代表导入模板.xlsx")

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert h.errors_of(job) == [(2, "姓名", "This is the template's example row: delete it before importing.")]


def test_an_upload_with_errors_shows_them_by_row_and_column(upload, manager):
    response = upload(ImportJob.Kind.DEPUTIES, [h.deputy(), h.deputy(姓名="李强", 联系电话="12345")])

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deputies/import/{job.pk}/"
    page = manager.get(response["Location"], **EN).content.decode()
    assert job.status == ImportJob.Status.INVALID
    assert "The file has 1 problem." in page
    assert '<td class="text-nowrap">Row 3</td>' in page
    assert "<td>联系电话</td>" in page and "Not a valid mobile phone number" in page
    assert 'data-testid="import-confirm"' not in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling


def test_a_valid_upload_is_previewed_then_confirmed(upload, manager, django_capture_on_commit_callbacks, world):
    rows = [h.deputy(), h.deputy(姓名="李强", 联系电话="13800138002", 编组站点编码="NW01")]
    response = upload(ImportJob.Kind.DEPUTIES, rows)
    job = ImportJob.objects.get()

    page = manager.get(response["Location"], **EN).content.decode()

    assert "2 rows are valid: 2 new, 0 updated." in page
    assert page.count('<span class="badge text-bg-success">New</span>') == 2
    assert not Deputy.objects.filter(name__in=["王芳", "李强"]).exists()  # nothing yet

    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(f"/deputies/import/{job.pk}/confirm/", **EN)

    assert response.status_code == 302
    page = manager.get(response["Location"], **EN).content.decode()
    assert "Imported 2 rows: 2 new, 0 updated." in page
    assert Deputy.objects.filter(name__in=["王芳", "李强"], district=world.district).count() == 2
    job.refresh_from_db()
    assert (job.status, job.confirmed_by) == (ImportJob.Status.DONE, world.district_staff)


def test_confirming_twice_says_so_instead_of_failing(upload, manager, django_capture_on_commit_callbacks):
    upload(ImportJob.Kind.DEPUTIES, [h.deputy()])
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(f"/deputies/import/{job.pk}/confirm/", **EN)

    response = manager.post(f"/deputies/import/{job.pk}/confirm/", follow=True, **EN)

    assert response.status_code == 200
    assert "This import cannot be confirmed now" in response.content.decode()
    assert Deputy.objects.filter(name="王芳").count() == 1


def test_a_running_job_polls_and_shows_its_progress(manager, world):
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.DEPUTIES,
        district=world.district,
        status=ImportJob.Status.APPLYING,
        file="imports/x.xlsx",
        original_name="代表.xlsx",
        file_format="xlsx",
        created_by=world.district_staff,
    )
    runner.progress_report(job.pk, "applying", 123, 456)

    body = manager.get(f"/deputies/import/{job.pk}/status/", **EN).content.decode()

    assert f'hx-get="/deputies/import/{job.pk}/status/" hx-trigger="every 1s"' in body
    assert '<progress id="import-progress" max="456" value="123">' in body
    assert "123 / 456" in body and "Writing rows" in body
    assert "style=" not in body and "<script" not in body  # the CSP allows neither

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, total_rows=456)
    body = manager.get(f"/deputies/import/{job.pk}/status/", **EN).content.decode()
    assert "hx-trigger" not in body and "<progress" not in body


def test_bad_uploads_re_render_with_the_error(manager, world):
    response = manager.post(
        "/deputies/import/",
        {"kind": "deputies", "district": world.district.pk, "file": h.upload(b"\x89PNG\r\n\x1a\n\x00", "a.csv")},
        **EN,
    )

    assert response.status_code == 400
    assert "neither an XLSX workbook nor a CSV" in response.content.decode()
    assert ImportJob.objects.count() == 0

    response = manager.post("/deputies/import/", {"kind": "deputies", "district": world.district.pk}, **EN)
    assert response.status_code == 400


def test_another_districts_manager_sees_neither_the_job_nor_it_in_the_list(upload, world, client):
    upload(ImportJob.Kind.DEPUTIES, [h.deputy()])
    job = ImportJob.objects.get()
    other = f.DistrictFactory(code="FT", by=world.admin)
    stranger = f.UserFactory(username="ft_staff")
    f.PositionFactory(user=stranger, node=other)
    client.force_login(stranger)

    for url in (f"/deputies/import/{job.pk}/", f"/deputies/import/{job.pk}/status/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/deputies/import/{job.pk}/confirm/").status_code == 404
    assert job.original_name not in client.get("/deputies/import/").content.decode()


def test_the_start_page_lists_recent_jobs_in_a_bounded_number_of_queries(manager, world, django_assert_max_num_queries):
    for i in range(15):
        ImportJob.objects.create(
            kind=ImportJob.Kind.DEPUTIES,
            district=world.district,
            status=ImportJob.Status.DONE,
            file=f"imports/{i}.xlsx",
            original_name=f"第{i}批.xlsx",
            file_format="xlsx",
            created_by=world.district_staff,
        )

    # session, user; scope: positions, assignments, own deputy record; navigation's nodes; the form's
    # districts; the jobs joined with their districts and uploaders — however many jobs there are;
    # the bell's unread count.
    with django_assert_max_num_queries(9):
        page = manager.get("/deputies/import/", **EN).content.decode()

    assert page.count("批.xlsx</a>") == 15
