"""Applying a checked file: through the services, in one transaction, idempotent on re-import."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from deputies import services as deputy_services
from deputies.importing import runner
from deputies.models import Assignment, Deputy, ImportJob, Specialty, VoterContact
from liaison.errors import DomainError
from stations.models import Community, Node
from tests.deputies import import_helpers as h

DEPUTIES, STATIONS, POINTS = ImportJob.Kind.DEPUTIES, ImportJob.Kind.STATIONS, ImportJob.Kind.POINTS

THREE_DEPUTIES = [
    h.deputy(
        编组站点编码="LT01、LT01P1",
        站内角色="站长、联系点主持",
        是否职务代表="是",
        联系选民="王五 13900000001；赵六：13900000002；孙七 0755-28900003",
    ),
    h.deputy(
        姓名="李强", 性别="男", 代表层级="市", 联系电话="13800138002", 专业特长="医疗", 编组站点编码="NW01", 站内角色=""
    ),
    h.deputy(姓名="陈明", 联系电话="13800138003", 所属街道="", 专业特长="", 编组站点编码="", 站内角色="", 任期开始=""),
]


@pytest.fixture
def imported(world):
    """Upload, check, confirm and apply; returns the job."""

    def go(kind, rows, *, fmt="xlsx", batch=25):
        data = (h.xlsx_bytes if fmt == "xlsx" else h.csv_bytes)(h.table(kind, rows))
        job = h.check(h.start(by=world.district_staff, kind=kind, district=world.district, data=data), batch=batch)
        assert job.status == ImportJob.Status.VALID, job.errors
        return h.confirm_and_apply(job, world.district_staff, batch=batch)

    return go


def test_a_valid_file_imports_deputies_with_assignments_specialties_and_voters(imported, world):
    before = Deputy.objects.count()

    job = imported(DEPUTIES, THREE_DEPUTIES)

    assert job.status == ImportJob.Status.DONE
    assert job.summary["applied"] == {"new": 3, "updated": 0}
    assert Deputy.objects.count() == before + 3
    wang = Deputy.objects.get(name="王芳", phone="13800138001")
    assert (wang.district, wang.street, wang.gender, wang.level) == (world.district, world.street_a, "f", "county")
    assert (wang.term_start, wang.term_end, wang.is_leader) == (dt.date(2021, 10, 1), dt.date(2026, 9, 30), True)
    assert sorted(wang.specialties.values_list("name", flat=True)) == ["法律", "社区治理"]
    assert sorted(wang.assignments.values_list("node__code", "role")) == [("LT01", "head"), ("LT01P1", "host")]
    assert sorted(wang.voter_contacts.values_list("name", "phone")) == [
        ("孙七", "0755-28900003"),
        ("王五", "13900000001"),
        ("赵六", "13900000002"),
    ]
    li = Deputy.objects.get(name="李强")
    assert list(li.assignments.values_list("node__code", "role")) == [("NW01", "resident")]
    chen = Deputy.objects.get(name="陈明")
    assert (chen.street, chen.term_start, chen.assignments.count(), chen.specialties.count()) == (None, None, 0, 0)


def test_reimporting_the_same_file_updates_and_never_duplicates(imported):
    imported(DEPUTIES, THREE_DEPUTIES)
    counts = [m.objects.count() for m in (Deputy, Assignment, VoterContact, Specialty)]

    job = imported(DEPUTIES, THREE_DEPUTIES, fmt="csv")

    assert job.summary["applied"] == {"new": 0, "updated": 3}
    assert [m.objects.count() for m in (Deputy, Assignment, VoterContact, Specialty)] == counts


def test_an_update_changes_filled_cells_and_keeps_what_an_empty_cell_leaves(imported):
    imported(DEPUTIES, THREE_DEPUTIES)

    imported(DEPUTIES, [h.deputy(职业="医生", 简介="", 专业特长="", 编组站点编码="", 站内角色="", 联系选民="")])

    wang = Deputy.objects.get(name="王芳")
    assert (wang.profession, wang.bio) == ("医生", "执业律师")
    assert sorted(wang.specialties.values_list("name", flat=True)) == ["法律", "社区治理"]
    assert wang.assignments.count() == 2 and wang.voter_contacts.count() == 3


def test_naming_a_new_head_demotes_the_old_one(imported, world):
    imported(DEPUTIES, [h.deputy(站内角色="站长")])

    imported(DEPUTIES, [h.deputy(姓名="李强", 联系电话="13800138002", 站内角色="站长")])

    heads = Assignment.objects.filter(node=world.station_a, role="head")
    assert list(heads.values_list("deputy__name", flat=True)) == ["李强"]


def test_streets_and_stations_with_communities(imported, world):
    rows = [
        {
            "类型": "联络站",
            "站点名称": "新湖社区联络站",
            "站点编码": "XH01",
            "所属街道": "新湖街道",
            "覆盖社区": "新湖社区、湖西社区",
            "联系电话": "0755-28900001",
            "开放时间": "周一至周五",
        },
        {"类型": "街道", "站点名称": "新湖街道", "站点编码": "XH", "代表之家名称": "新湖街道人大代表之家"},
        {"站点名称": "龙田二站", "站点编码": "LT02", "所属街道": "LT", "是否启用": "否"},
    ]

    job = imported(STATIONS, rows)

    assert job.summary["applied"] == {"new": 3, "updated": 0}
    street = Node.objects.get(code="XH")
    assert (street.kind, street.parent, street.home_name) == (Node.Kind.STREET, world.district, "新湖街道人大代表之家")
    station = Node.objects.get(code="XH01")
    assert (station.parent, station.street, station.district) == (street, street, world.district)
    assert sorted(station.communities.values_list("name", flat=True)) == ["新湖社区", "湖西社区"]
    assert Community.objects.filter(street=street).count() == 2
    lt02 = Node.objects.get(code="LT02")
    assert (lt02.parent, lt02.is_active) == (world.street_a, False)

    again = imported(STATIONS, rows)

    assert again.summary["applied"] == {"new": 0, "updated": 3}
    assert Node.objects.filter(code__in=["XH", "XH01", "LT02"]).count() == 3
    assert Community.objects.filter(street=street).count() == 2


def test_points(imported, world):
    rows = [
        {"联系点名称": "南岭青年联系点", "编码": "LT01P2", "所属站点编码": "LT01", "类型": "青年"},
        {"联系点名称": "南岭产业园联系点", "编码": "LT01P1", "所属站点编码": "LT01", "类型": "园区", "地址": "A栋"},
    ]

    job = imported(POINTS, rows)

    assert job.summary["applied"] == {"new": 1, "updated": 1}
    new = Node.objects.get(code="LT01P2")
    assert (new.kind, new.point_kind, new.station, new.street) == ("point", "youth", world.station_a, world.street_a)
    world.point_a.refresh_from_db()
    assert (world.point_a.point_kind, world.point_a.address) == ("park", "A栋")


def test_progress_is_in_the_cache_every_batch(world, monkeypatch):
    seen = []
    report = runner.progress_report

    def spy(job_id, phase, done, total):
        report(job_id, phase, done, total)
        seen.append((runner.progress_get(job_id)["phase"], runner.progress_get(job_id)["done"], total))

    monkeypatch.setattr(runner, "progress_report", spy)
    rows = [h.deputy(姓名=f"代表{i}", 联系电话=f"1380013800{i}") for i in range(5)]
    job = h.start(
        by=world.district_staff, kind=DEPUTIES, district=world.district, data=h.xlsx_bytes(h.table(DEPUTIES, rows))
    )

    h.confirm_and_apply(h.check(job, batch=2), world.district_staff, batch=2)

    checking = [("validating", 0, 5), ("validating", 2, 5), ("validating", 4, 5), ("validating", 5, 5)]
    writing = [("applying", 0, 5), ("applying", 2, 5), ("applying", 4, 5), ("applying", 5, 5)]
    # The check at upload; at confirmation the file is checked again, then written.
    assert seen == checking + checking + writing


def test_a_failure_while_writing_rolls_everything_back(imported, world, monkeypatch):
    real = deputy_services.assignment_add
    calls = []

    def third_fails(**kwargs):
        calls.append(kwargs["node"].code)
        if len(calls) == 3:
            raise ValidationError("站点已停用")
        return real(**kwargs)

    monkeypatch.setattr(deputy_services, "assignment_add", third_fails)
    before = (Deputy.objects.count(), Assignment.objects.count(), Specialty.objects.count())
    data = h.xlsx_bytes(h.table(DEPUTIES, THREE_DEPUTIES))
    job = h.check(h.start(by=world.district_staff, kind=DEPUTIES, district=world.district, data=data))

    job = h.confirm_and_apply(job, world.district_staff)

    assert job.status == ImportJob.Status.FAILED
    assert job.failure_reason == "Nothing was imported: Row 3: 站点已停用"
    assert (Deputy.objects.count(), Assignment.objects.count(), Specialty.objects.count()) == before


def test_the_file_is_checked_again_when_applied(world):
    data = h.xlsx_bytes(
        h.table(POINTS, [{"联系点名称": "新点", "编码": "LT01P9", "所属站点编码": "LT01", "类型": "社区"}])
    )
    job = h.check(h.start(by=world.district_staff, kind=POINTS, district=world.district, data=data))
    Node.objects.filter(pk=world.station_a.pk).update(code="LT01X")  # renamed since the preview

    job = h.confirm_and_apply(job, world.district_staff)

    assert job.status == ImportJob.Status.FAILED
    assert "The data changed since the check" in job.failure_reason
    assert h.errors_of(job) == [(2, "所属站点编码", "No station with code “LT01” in this district.")]
    assert not Node.objects.filter(code="LT01P9").exists()


def test_tasks_run_twice_do_nothing_the_second_time(imported, world):
    job = imported(DEPUTIES, THREE_DEPUTIES)
    finished = job.finished_at
    count = Deputy.objects.count()

    runner.run_validation(job.pk)
    runner.run_apply(job.pk)

    job.refresh_from_db()
    assert (job.status, job.finished_at, Deputy.objects.count()) == (ImportJob.Status.DONE, finished, count)
    with pytest.raises(DomainError):
        h.confirm_and_apply(job, world.district_staff)


def test_apply_does_nothing_before_the_manager_confirms(world):
    data = h.xlsx_bytes(h.table(DEPUTIES, THREE_DEPUTIES))
    job = h.check(h.start(by=world.district_staff, kind=DEPUTIES, district=world.district, data=data))

    runner.run_apply(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALID
    assert not Deputy.objects.filter(name="王芳").exists()
