"""Exports of the lists as they are shown: same rows, same order, same scope, phones masked."""

import datetime as dt

import pytest
from django.utils import translation

from deputies.models import Deputy
from liaison.models import ExportJob
from stations.models import Reception
from tests import factories as f
from tests.liaison.export_helpers import csv_table, get, list_rows, make_cases, xlsx_table
from tests.stations.reception_helpers import make_reception


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def cases(world):
    return make_cases(world)


CASE_HEADERS = [
    "Tracking no.", "Received on", "Station", "Category", "Grade", "What happened", "Status", "Deputy", "Due",
    "Days overdue", "Resident", "Resident's phone",
]


def test_case_csv_has_the_lists_rows_in_its_order_with_phones_masked(world, cases, client_for):
    client = client_for("district_staff")
    response = get(client, "/exports/cases.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Cases-20260520-1000.csv"'
    assert "no-store" in response["Cache-Control"]
    table = csv_table(response.body)
    assert table[0] == CASE_HEADERS
    assert [row[0] for row in table[1:]] == [p.tracking_no for p in list_rows(client, "/cases/")]
    lamp, noise, school, bus = table[1:]
    assert lamp == [
        cases["lamp"].tracking_no, "2026-03-02", "南岭社区联络站", "城市管理", "Normal", "小区门口路灯坏了两个月。",
        "Referred", "张代表", "2026-05-18", "2", "王小明", "138****8000",
    ]
    assert noise[8:] == ["2026-05-30", "", "李四", "139****1111"]  # staff see the name; the phone stays masked
    assert bus[2] == "沙湾社区联络站" and bus[11] == "075****5678"
    assert school[6:9] == ["Received", "", ""]


def test_a_clerks_export_never_contains_another_stations_case(world, cases, client_for):
    client = client_for("clerk")
    table = csv_table(get(client, "/exports/cases.csv").body)

    numbers = [row[0] for row in table[1:]]
    assert numbers == [p.tracking_no for p in list_rows(client, "/cases/")]
    assert sorted(numbers) == sorted(cases[n].tracking_no for n in ("lamp", "noise", "school"))
    assert cases["bus"].tracking_no not in numbers
    other = csv_table(get(client_for("other_clerk"), "/exports/cases.csv").body)
    assert [row[0] for row in other[1:]] == [cases["bus"].tracking_no]


def test_a_deputy_gets_their_own_cases_with_withheld_names_withheld(world, cases, client_for):
    table = csv_table(get(client_for("deputy_user"), "/exports/cases.csv").body)

    by_number = {row[0]: row for row in table[1:]}
    assert set(by_number) == {cases["lamp"].tracking_no, cases["noise"].tracking_no}
    noise = by_number[cases["noise"].tracking_no]
    assert noise[10:] == ["(name withheld at the resident's request)", "139****1111"]


@pytest.mark.parametrize(
    "query",
    ["?status=referred&status=acknowledged", "?station={station_a}", "?q=路灯", "?o=received", "?overdue=on&page=2"],
)
def test_filters_and_sort_give_the_same_rows_as_the_list(world, cases, client_for, query):
    query = query.format(station_a=world.station_a.pk)
    client = client_for("street_staff")
    table = csv_table(get(client, f"/exports/cases.csv{query}").body)

    expected = list_rows(client, "/cases/" + query.replace("&page=2", ""))  # the export covers every page
    assert [row[0] for row in table[1:]] == [p.tracking_no for p in expected]
    assert len(expected) >= 1


def test_case_xlsx_has_the_same_rows_as_text_and_dates(world, cases, client_for):
    client = client_for("district_staff")
    response = get(client, "/exports/cases.xlsx?status=referred")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    title, rows = xlsx_table(response.body)
    assert title == "Cases"
    assert rows[0] == CASE_HEADERS
    assert rows[1:] == [[
        cases["lamp"].tracking_no, dt.datetime(2026, 3, 2), "南岭社区联络站", "城市管理", "Normal",
        "小区门口路灯坏了两个月。", "Referred", "张代表", dt.datetime(2026, 5, 18), 2, "王小明", "138****8000",
    ]]


def test_a_formula_typed_by_a_resident_stays_text(world, client_for):
    from tests.petitions.case_helpers import new_case

    new_case(world, content='=HYPERLINK("http://evil.example","点我")')
    new_case(world, content="粘贴来的\x0b控制字符")  # a character XLSX cannot hold is dropped, not a 500
    client = client_for("clerk")

    csv_rows = csv_table(get(client, "/exports/cases.csv?o=received").body)
    assert csv_rows[1][5] == '\'=HYPERLINK("http://evil.example","点我")'
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(get(client, "/exports/cases.xlsx?o=received").body)).active
    cell = sheet.cell(row=2, column=6)
    assert cell.value == '=HYPERLINK("http://evil.example","点我")' and cell.data_type == "s"
    assert sheet.cell(row=3, column=6).value == "粘贴来的控制字符"


def test_deputy_export_matches_the_deputy_list(world, client_for):
    specialty = f.SpecialtyFactory(name="法律")
    world.deputy.specialties.add(specialty)
    Deputy.objects.filter(pk=world.deputy.pk).update(is_leader=True)
    f.DeputyFactory(name="王代表", district=world.district, street=world.street_a, is_active=False)
    client = client_for("district_staff")

    table = csv_table(get(client, "/exports/deputies.csv").body)

    assert table[0] == [
        "Name", "Gender", "Level", "Street", "Stations and points", "Specialties", "Leadership post", "In office",
    ]
    assert [row[0] for row in table[1:]] == [d.name for d in list_rows(client, "/deputies/")]
    rows = {row[0]: row for row in table[1:]}
    assert rows["张代表"][3:] == ["龙田街道", "南岭社区联络站", "法律", "Yes", "Yes"]
    assert rows["王代表"][4:] == ["Unassigned", "", "", "No"]
    assert rows["李代表"][3] == "南湾街道"

    mine = csv_table(get(client_for("clerk"), f"/exports/deputies.csv?station={world.station_a.pk}").body)
    assert [row[0] for row in mine[1:]] == ["张代表"]


def test_reception_export_matches_the_reception_list(world, client_for):
    make_reception(world.station_a, world.clerk, dt.date(2026, 5, 26))
    make_reception(world.point_a, world.clerk, dt.date(2026, 6, 2), start_time=dt.time(14, 0), end_time=dt.time(16, 0))
    make_reception(world.station_b, world.other_clerk, dt.date(2026, 5, 27))
    make_reception(world.station_a, world.clerk, dt.date(2026, 5, 1))  # past: not on the list
    Reception.objects.filter(date=dt.date(2026, 6, 2)).update(moved_from=dt.date(2026, 6, 1))
    client = client_for("clerk")

    table = csv_table(get(client, "/exports/receptions.csv").body)

    assert table[0] == [
        "Date", "Weekday", "Time", "Station or point", "Mode", "Status", "Notes", "On duty", "Topics",
    ]
    assert [row[0] for row in table[1:]] == [f"{r.date:%Y-%m-%d}" for r in list_rows(client, "/network/receptions/")]
    assert table[1][:4] == ["2026-05-26", "Tuesday", "09:00–11:00", "南岭社区联络站"]
    assert table[2][2:4] == ["14:00–16:00", "南岭产业园联系点"]
    assert table[2][5:] == ["Planned", "moved from 2026-06-01", "0", "0"]
    assert len(table) == 3  # station_b's reception is not the clerk's

    filtered = csv_table(get(client, "/exports/receptions.csv?date_from=2026-06-01").body)
    assert [row[0] for row in filtered[1:]] == ["2026-06-02"]


def test_who_may_export_is_who_may_see_the_list(world, client_for):
    assert get(client_for("outsider"), "/exports/cases.csv").status_code == 403
    assert get(client_for("deputy_user"), "/exports/receptions.xlsx").status_code == 403
    assert get(client_for("clerk"), "/exports/nothing.csv").status_code == 404
    assert get(client_for("clerk"), "/exports/cases.pdf").status_code == 404
    assert get(client_for("anonymous"), "/exports/cases.csv").status_code == 302


def test_the_list_pages_link_to_their_exports_with_their_filters(world, cases, client_for):
    client = client_for("clerk")
    page = get(client, "/cases/?status=referred&page=1").content.decode()
    assert 'href="/exports/cases.xlsx?status=referred"' in page
    assert 'href="/exports/cases.csv?status=referred"' in page
    assert 'href="/exports/deputies.csv"' in get(client, "/deputies/").content.decode()
    assert 'href="/exports/receptions.xlsx"' in get(client, "/network/receptions/").content.decode()


@pytest.mark.parametrize("count", [3, 12])
def test_a_small_export_costs_the_same_queries_however_many_rows(
    world, client_for, django_assert_max_num_queries, count
):
    from tests.petitions.case_helpers import new_case

    for i in range(count):
        new_case(world, content=f"第{i}件")
    client = client_for("clerk")
    client.get("/notifications/")  # session and user warm
    # session, user, scope (positions, assignments, the user's deputy record), count, rows (one per batch)
    with django_assert_max_num_queries(7):
        response = get(client, "/exports/cases.csv")
    assert len(csv_table(response.body)) == count + 1


def test_a_large_export_asks_before_queueing_a_job(world, cases, client_for, settings):
    settings.LIAISON_EXPORT_SYNC_MAX_ROWS = 2
    client = client_for("clerk")

    response = get(client, "/exports/cases.xlsx?status=received&status=referred&status=acknowledged&page=3")

    assert response.status_code == 200
    assert "This list has 3 rows" in response.content.decode()
    assert not ExportJob.objects.exists()  # a GET starts nothing
    assert 'action="/exports/cases.xlsx?status=received&amp;status=referred&amp;status=acknowledged"' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "url",
    [
        "/exports/cases.csv?station=abc&received_min=notadate&o=zzz&page=x",
        "/exports/cases.xlsx?status=nonsense&deputy=999999",
        "/exports/deputies.xlsx?station=-1&level=%00",
        "/exports/receptions.csv?node=999999&date_from=2026-13-45",
    ],
)
def test_bad_filters_are_ignored_as_on_the_list_never_a_500(world, cases, client_for, url):
    response = get(client_for("district_staff"), url)
    assert response.status_code == 200


def test_meetings_export_has_the_listed_meetings_of_the_users_scope(world, client_for):
    """The meetings list exports through the same selector: a clerk gets their station's meetings only."""
    import csv
    import io

    from django.utils import timezone

    from meetings.models import Meeting

    for node, title in ((world.station_a, "南岭议事会"), (world.station_b, "沙湾议事会")):
        meeting = Meeting(kind=Meeting.Kind.DELIBERATION, title=title, starts_at=timezone.now())
        meeting.place_at(node)
        meeting.save()
    response = client_for("clerk").get("/exports/meetings.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    titles = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert titles == ["南岭议事会"]
