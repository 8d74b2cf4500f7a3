"""Tracking with the number and the last 4 digits of the phone: the timeline in plain words, the
answer, the rating; one uniform answer for a wrong number or wrong digits; nothing of anyone else."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine

from petitions import services
from petitions.models import Petition, Review
from tests.public.case_helpers import PHONE, resident_case, walk_to_informed

CN = ZoneInfo("Asia/Shanghai")
S = Petition.Status


def _track(client, number, digits="8000", **extra):
    return client.post("/p/track/", {"tracking_no": number, "digits": digits, "website": ""}, **extra)


def _error_block(response) -> str:
    html = response.content.decode()
    return re.search(r'data-testid="track-error">(.*?)</div>', html, re.S).group(1)


def test_the_right_number_and_digits_show_the_case(world, client):
    case = resident_case(world)
    response = _track(client, case.tracking_no)
    assert response.status_code == 302 and response["Location"] == "/p/track/case/"
    page = client.get("/p/track/case/")
    html = page.content.decode()
    assert page.status_code == 200 and case.tracking_no in html
    assert len(page.context["timeline"]) == 1 and page.context["can_rate"] is False
    # Lower case and spaces around are forgiven.
    assert _track(client, f" {case.tracking_no.lower()} ").status_code == 302


def test_a_wrong_number_and_wrong_digits_get_the_same_answer(world, client):
    case = resident_case(world)
    wrong_digits = _track(client, case.tracking_no, "1234")
    wrong_number = _track(client, "LT01-20200101-0001")
    malformed = _track(client, "<script>alert(1)</script>")
    assert wrong_digits.status_code == wrong_number.status_code == malformed.status_code == 400
    assert _error_block(wrong_digits) == _error_block(wrong_number) == _error_block(malformed)
    assert "<script>alert(1)</script>" not in malformed.content.decode()
    assert client.get("/p/track/case/").status_code == 302  # no grant was given


def test_the_page_shows_no_personal_data_no_staff_and_no_internal_notes(world, client):
    case = resident_case(world, name="王小明", content="我家住在3栋502,路灯坏了。")
    services.petition_comment(petition=case, by=world.clerk, note="内部:王先生脾气急")
    walk_to_informed(world, case, reply_text="已于3月更换路灯。")
    _track(client, case.tracking_no)
    html = client.get("/p/track/case/").content.decode()
    for secret in (
        "王小明",
        PHONE,
        "138****8000",
        "3栋502",
        "内部",
        "张代表",
        "李收文",
        "clerk",
        "street_staff",
        "同意转街道办处理",
    ):
        assert secret not in html, secret
    assert "已于3月更换路灯。" in html  # the written answer is shown


def test_a_directly_resolved_case_shows_the_resolution(world, client):
    case = resident_case(world)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    services.petition_resolve(petition=case, by=world.deputy_user, resolution="社区已派人修好路灯。")
    _track(client, case.tracking_no)
    page = client.get("/p/track/case/")
    assert page.context["answer"]["note"] == "社区已派人修好路灯。" and page.context["can_rate"] is False


def test_not_satisfied_opens_a_review(world, client, django_capture_on_commit_callbacks):
    case = walk_to_informed(world, resident_case(world))
    _track(client, case.tracking_no)
    page = client.get("/p/track/case/")
    assert page.context["can_rate"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/p/track/rate/", {"rating": "unsatisfied", "comment": "只修了一个", "version": case.version}
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.rating, case.rating_comment) == (S.REVIEW, "unsatisfied", "只修了一个")
    review = Review.objects.get(petition=case)
    assert review.reason == "只修了一个" and review.closed_at is None
    event = case.events.get(action="rate")
    assert event.actor is None and event.actor_label == "resident"
    after = client.get("/p/track/case/")
    assert after.context["can_rate"] is False and after.context["petition"].status == S.REVIEW


def test_satisfied_rates_the_case(world, client):
    case = walk_to_informed(world, resident_case(world))
    _track(client, case.tracking_no)
    client.post("/p/track/rate/", {"rating": "satisfied", "version": case.version})
    case.refresh_from_db()
    assert (case.status, case.rating) == (S.RATED, "satisfied") and not Review.objects.exists()
    # Rating twice (another tab) is refused with a message, not an error page.
    response = client.post("/p/track/rate/", {"rating": "unsatisfied", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.rating == "satisfied"


def test_rating_needs_the_grant(world, client):
    case = walk_to_informed(world, resident_case(world))
    response = client.post("/p/track/rate/", {"rating": "unsatisfied", "version": case.version})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == S.INFORMED and case.rating == ""


def test_rating_before_the_result_is_refused(world, client):
    case = resident_case(world)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    _track(client, case.tracking_no)
    case.refresh_from_db()
    response = client.post("/p/track/rate/", {"rating": "unsatisfied", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.ASSIGNED and case.rating == "" and not Review.objects.exists()


def test_the_grant_expires(world, client):
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False):
        case = walk_to_informed(world, resident_case(world))
        _track(client, case.tracking_no)
        assert client.get("/p/track/case/").status_code == 200
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 31, tzinfo=CN), tick=False):
        assert client.get("/p/track/case/")["Location"] == "/p/track/"
        response = client.post("/p/track/rate/", {"rating": "unsatisfied", "version": case.version})
        assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == S.INFORMED


def test_each_resident_sees_only_their_own_case(world, client_for):
    mine = resident_case(world, phone="13800001111", name="王小明", content="路灯坏了。")
    theirs = resident_case(world, phone="13900002222", name="李大妈", content="垃圾没人清。")
    me, them = client_for("anonymous"), client_for("anonymous")
    _track(me, mine.tracking_no, "1111")
    _track(them, theirs.tracking_no, "2222")
    my_page = me.get("/p/track/case/").content.decode()
    their_page = them.get("/p/track/case/").content.decode()
    assert mine.tracking_no in my_page and theirs.tracking_no not in my_page
    assert theirs.tracking_no in their_page and mine.tracking_no not in their_page
    # My digits do not open their case.
    assert _track(me, theirs.tracking_no, "1111").status_code == 400
    assert mine.tracking_no in me.get("/p/track/case/").content.decode()


def test_guessing_from_one_address_is_stopped(world, client):
    case = resident_case(world)
    for i in range(10):
        assert _track(client, case.tracking_no, f"{i:04d}").status_code == 400
    response = _track(client, case.tracking_no, "8000")  # even the right digits
    assert response.status_code == 429 and 'data-testid="limited"' in response.content.decode()


def test_guessing_one_number_from_many_addresses_is_stopped(world, client):
    case = resident_case(world)
    for i in range(10):
        assert _track(client, case.tracking_no, f"{i:04d}", REMOTE_ADDR=f"10.0.2.{i}").status_code == 400
    assert _track(client, case.tracking_no, "8000", REMOTE_ADDR="10.0.2.99").status_code == 429
    # The same holds for a number that does not exist: the limit tells nothing about existence.
    for i in range(10):
        _track(client, "LT01-20200101-0009", f"{i:04d}", REMOTE_ADDR=f"10.0.3.{i}")
    assert _track(client, "LT01-20200101-0009", "8000", REMOTE_ADDR="10.0.3.99").status_code == 429


def test_the_case_page_is_a_few_queries_however_long_the_timeline(world, client, django_assert_max_num_queries):
    case = walk_to_informed(world, resident_case(world))
    for i in range(10):
        services.petition_comment(petition=case, by=world.clerk, note=f"备注{i}")
    _track(client, case.tracking_no)
    # session, the case (with category and node), the timeline, the latest answer
    with django_assert_max_num_queries(4):
        page = client.get("/p/track/case/")
    assert len(page.context["timeline"]) == 6  # create, assign, refer, acknowledge, reply, inform
