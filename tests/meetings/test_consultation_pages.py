"""Staff pages of legislative consultation: lists (scoped, constant query counts), putting a draft out
with its PDF, recording opinions, deciding them, and the printable adoption certificate."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from meetings.models.consultation import DraftRegulation, Opinion
from meetings.services import consultation as svc
from tests.meetings.consultation_helpers import CN, OPEN_DAY, TITLE, add_opinion, adopt, legislative_meeting, make_draft

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _on_an_open_day():
    with time_machine.travel(OPEN_DAY, tick=False):
        yield


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _rows(response, testid="opinion-row") -> int:
    return response.content.decode().count(f'data-testid="{testid}"')


# Lists


def test_the_draft_list_counts_the_opinions_each_user_can_see(world, client_for):
    draft = make_draft(world)
    add_opinion(world, draft)
    adopt(world, add_opinion(world, draft, deputy=world.deputy))
    add_opinion(world, draft, by=world.other_clerk, node=world.station_b)
    html = client_for("clerk").get("/meetings/consultation/").content.decode()
    assert f'data-draft="{draft.pk}"' in html
    assert '<td class="text-end" data-col="opinions">2</td>' in html
    assert '<td class="text-end" data-col="adopted">1</td>' in html
    html = client_for("district_staff").get("/meetings/consultation/").content.decode()
    assert '<td class="text-end" data-col="opinions">3</td>' in html


@pytest.mark.parametrize("n_drafts", [2, 12])
def test_the_draft_list_costs_the_same_for_many_drafts(world, client_for, django_assert_max_num_queries, n_drafts):
    for i in range(n_drafts):
        add_opinion(world, make_draft(world, title=f"草案{i}"))
    client = client_for("street_staff")
    # session + user, scope (positions, assignments, deputy record), the districts and streets of the
    # user's nodes, count, page of drafts, opinion counts per draft, notification bell.
    with django_assert_max_num_queries(10):
        response = client.get("/meetings/consultation/")
    assert _rows(response, "draft-row") == n_drafts


@pytest.mark.parametrize("n_opinions", [2, 20])
def test_the_draft_page_costs_the_same_for_many_opinions(
    world, client_for, django_assert_max_num_queries, n_opinions
):
    draft = make_draft(world)
    meeting = legislative_meeting(world)
    for i in range(n_opinions):
        add_opinion(world, draft, deputy=world.deputy, meeting=meeting, text=f"意见{i}")
    client = client_for("district_staff")
    # session + user, scope (positions, assignments, deputy record), draft (district staff need no
    # reach query), page count, decision counts, may-enter check, bell, page of opinions with their
    # station, deputy and meeting joined.
    with django_assert_max_num_queries(11):
        response = client.get(f"/meetings/consultation/{draft.pk}/")
    assert _rows(response) == n_opinions
    assert response.content.decode().count('data-testid="decide-form"') == n_opinions


def test_the_draft_page_shows_each_user_their_opinions_and_deciding_only_to_the_drafts_staff(world, client_for):
    draft = make_draft(world)
    own = add_opinion(world, draft, deputy=world.deputy, text="代表的意见")
    add_opinion(world, draft, text="居民的意见")
    add_opinion(world, draft, by=world.other_clerk, node=world.station_b, text="乙站的意见")
    expected = {"district_staff": 3, "street_staff": 2, "clerk": 2, "other_clerk": 1, "deputy_user": 1}
    for persona, n in expected.items():
        response = client_for(persona).get(f"/meetings/consultation/{draft.pk}/")
        assert _rows(response) == n, persona
        decides = 'data-testid="decide-form"' in response.content.decode()
        assert decides == (persona == "district_staff"), persona
    html = client_for("deputy_user").get(f"/meetings/consultation/{draft.pk}/").content.decode()
    assert f'data-opinion="{own.pk}"' in html and "居民的意见" not in html


@pytest.mark.parametrize("n_opinions", [2, 20])
def test_the_opinion_list_costs_the_same_for_many_opinions(
    world, client_for, django_assert_max_num_queries, n_opinions
):
    draft = make_draft(world)
    meeting = legislative_meeting(world)
    for i in range(n_opinions):
        add_opinion(world, draft, deputy=world.deputy, meeting=meeting, text=f"意见{i}")
    client = client_for("clerk")
    # session + user, scope (positions, assignments, deputy record), reach (for the draft filter's
    # choices), the chosen draft (validating the filter), count, bell, the draft choices (rendering
    # the filter), page of opinions with draft, station, deputy and meeting joined.
    with django_assert_max_num_queries(11):
        response = client.get(f"/meetings/consultation/opinions/?draft={draft.pk}")
    assert _rows(response) == n_opinions


def test_the_opinion_list_filters_and_scopes(world, client_for):
    draft = make_draft(world)
    adopt(world, add_opinion(world, draft, deputy=world.deputy))
    add_opinion(world, draft, deputy=world.deputy)
    add_opinion(world, draft)
    client = client_for("clerk")
    assert _rows(client.get("/meetings/consultation/opinions/")) == 3
    assert _rows(client.get("/meetings/consultation/opinions/?decision=adopted")) == 1
    assert _rows(client.get("/meetings/consultation/opinions/?decision=pending")) == 2
    assert _rows(client_for("deputy_user").get("/meetings/consultation/opinions/")) == 2
    assert _rows(client_for("other_clerk").get("/meetings/consultation/opinions/")) == 0


# Putting a draft out


def test_district_staff_put_a_draft_out_with_a_pdf_served_only_through_the_portal(world, client_for):
    client = client_for("district_staff")
    data = {
        "scope_node": world.district.pk,
        "title": TITLE,
        "issuing_body": "市人大常委会法制工作委员会",
        "text": "",
        "pdf": SimpleUploadedFile("草案.pdf", PDF, content_type="application/pdf"),
        "opinions_open_from": "2026-03-01",
        "opinions_due": "2026-03-31",
    }
    response = client.post("/meetings/consultation/new/", data)
    draft = DraftRegulation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/consultation/{draft.pk}/"
    assert draft.pdf.name.startswith("consultation/") and "草案" not in draft.pdf.name
    served = client_for("other_clerk").get(f"/meetings/consultation/{draft.pk}/draft.pdf")
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF
    assert client_for("outsider").get(f"/meetings/consultation/{draft.pk}/draft.pdf").status_code == 403


def test_a_file_that_is_not_a_pdf_is_refused_and_the_rest_kept(world, client_for, english):
    data = {
        "scope_node": world.district.pk,
        "title": "要保留的标题",
        "issuing_body": "法工委",
        "text": "",
        "pdf": SimpleUploadedFile("draft.pdf", b"<svg onload=alert(1)>", content_type="application/pdf"),
        "opinions_open_from": "2026-03-01",
        "opinions_due": "2026-03-31",
    }
    response = client_for("district_staff").post("/meetings/consultation/new/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a PDF document (a file ending in .pdf)." in html
    assert 'value="要保留的标题"' in html
    assert not DraftRegulation.objects.exists()


def test_a_draft_without_text_or_pdf_is_refused(world, client_for, english):
    data = {
        "scope_node": world.street_a.pk,
        "title": "草案",
        "issuing_body": "工委",
        "opinions_open_from": "2026-03-01",
        "opinions_due": "2026-03-31",
    }
    response = client_for("street_staff").post("/meetings/consultation/new/", data)
    assert response.status_code == 400
    assert "Give the text of the draft, or attach it as a PDF." in response.content.decode()


def test_street_staff_are_offered_only_their_street(world, client_for):
    html = client_for("street_staff").get("/meetings/consultation/new/").content.decode()
    assert f'value="{world.street_a.pk}"' in html
    assert f'value="{world.district.pk}"' not in html and f'value="{world.street_b.pk}"' not in html


# Recording opinions


def test_a_clerk_records_an_opinion_from_a_meeting(world, client_for):
    draft = make_draft(world)
    meeting = legislative_meeting(world)
    client = client_for("clerk")
    form = client.get(f"/meetings/consultation/{draft.pk}/opinions/new/").content.decode()
    assert "南岭社区立法议事会" in form and "张代表" in form and "李代表" not in form
    data = {
        "node": world.station_a.pk,
        "meeting": meeting.pk,
        "deputy": world.deputy.pk,
        "contributor_name": "",
        "article": "第九条",
        "text": "建议电梯内收短牵引绳。",
        "another": "1",
    }
    response = client.post(f"/meetings/consultation/{draft.pk}/opinions/new/", data)
    assert response["Location"] == f"/meetings/consultation/{draft.pk}/opinions/new/"
    opinion = Opinion.objects.get()
    assert (opinion.meeting, opinion.deputy, opinion.article, opinion.channel) == (
        meeting, world.deputy, "第九条", "station",
    )


def test_a_deputy_sends_their_own_without_meeting_or_deputy_fields(world, client_for):
    draft = make_draft(world)
    client = client_for("deputy_user")
    form = client.get(f"/meetings/consultation/{draft.pk}/opinions/new/").content.decode()
    assert 'name="meeting"' not in form and 'name="deputy"' not in form
    data = {"node": world.station_a.pk, "text": "我的意见"}
    response = client.post(f"/meetings/consultation/{draft.pk}/opinions/new/", data)
    assert response.status_code == 302
    assert Opinion.objects.get().deputy == world.deputy


def test_an_invalid_opinion_keeps_what_was_typed(world, client_for):
    draft = make_draft(world)
    data = {"node": world.station_a.pk, "article": "第十五条", "text": ""}
    response = client_for("clerk").post(f"/meetings/consultation/{draft.pk}/opinions/new/", data)
    assert response.status_code == 400 and 'value="第十五条"' in response.content.decode()
    assert not Opinion.objects.exists()


def test_after_the_due_date_no_opinion_is_recorded_and_the_text_is_kept(world, client_for, english):
    draft = make_draft(world)
    with time_machine.travel(dt.datetime(2026, 4, 1, 8, 0, tzinfo=CN), tick=False):
        client = client_for("clerk")
        page = client.get(f"/meetings/consultation/{draft.pk}/")
        assert 'data-testid="add-opinion"' not in page.content.decode()
        assert client.get(f"/meetings/consultation/{draft.pk}/opinions/new/").status_code == 302
        response = client.post(
            f"/meetings/consultation/{draft.pk}/opinions/new/", {"node": world.station_a.pk, "text": "迟到的意见"}
        )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Opinions on this draft were due by March 31, 2026; it no longer takes opinions." in html
    assert "迟到的意见" in html
    assert not Opinion.objects.exists()


# Deciding


def test_district_staff_adopt_from_the_draft_page(world, client_for, english):
    draft = make_draft(world)
    opinion = add_opinion(world, draft, deputy=world.deputy)
    client = client_for("district_staff")
    response = client.post(
        f"/meetings/consultation/opinions/{opinion.pk}/decide/", {"decision": "adopted", "reason": ""}
    )
    assert response["Location"] == f"/meetings/consultation/{draft.pk}/#opinion-{opinion.pk}"
    opinion.refresh_from_db()
    assert (opinion.decision, opinion.certificate_no, opinion.decided_by) == (
        "adopted", "CN-2026-0001", world.district_staff,
    )
    html = client.get(f"/meetings/consultation/{draft.pk}/").content.decode()
    assert f'href="/meetings/consultation/opinions/{opinion.pk}/certificate/"' in html
    # Deciding again (a second tab) changes nothing and says why.
    again = client.post(
        f"/meetings/consultation/opinions/{opinion.pk}/decide/", {"decision": "not_adopted", "reason": "x"}, follow=True
    )
    assert "This opinion has already been decided (perhaps by a colleague just now)." in again.content.decode()
    opinion.refresh_from_db()
    assert opinion.decision == "adopted"


def test_not_adopted_without_a_reason_asks_for_one(world, client_for, english):
    opinion = add_opinion(world, make_draft(world))
    response = client_for("district_staff").post(
        f"/meetings/consultation/opinions/{opinion.pk}/decide/", {"decision": "not_adopted", "reason": ""}
    )
    assert response.status_code == 400
    assert "Say why the opinion is not adopted" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.decision == "pending"


# The certificate


def test_the_certificate_names_opinion_draft_deputy_number_date_and_committee(world, client_for, english):
    draft = make_draft(world)
    opinion = add_opinion(world, draft, deputy=world.deputy, article="第九条", text="建议电梯内收短牵引绳。")
    adopt(world, opinion)
    response = client_for("deputy_user").get(f"/meetings/consultation/opinions/{opinion.pk}/certificate/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="certificate-number">No. CN-2026-0001</p>' in html
    assert 'data-testid="certificate-recipient">Deputy 张代表:</p>' in html
    assert f'data-testid="certificate-draft">{TITLE}</td>' in html
    assert 'data-testid="certificate-opinion">建议电梯内收短牵引绳。</td>' in html
    assert 'data-testid="certificate-date">March 10, 2026</td>' in html
    assert 'data-testid="certificate-issuer">龙岗区 People&#x27;s Congress Standing Committee</p>' in html
    assert "css/consultation_certificate" in html and "<script>" not in html


def test_a_street_drafts_certificate_goes_to_the_station_from_the_street_committee(world, client_for, english):
    draft = make_draft(world, by=world.street_staff, node=world.street_a)
    opinion = add_opinion(world, draft)
    adopt(world, opinion, by=world.street_staff)
    html = client_for("clerk").get(f"/meetings/consultation/opinions/{opinion.pk}/certificate/").content.decode()
    assert 'data-testid="certificate-recipient">南岭社区联络站:</p>' in html
    assert 'data-testid="certificate-issuer">龙田街道 People&#x27;s Congress Working Committee</p>' in html


def test_an_online_opinions_certificate_names_the_resident_and_never_the_phone(world, client_for, english):
    draft = make_draft(world)
    opinion = svc.opinion_submit_online(draft=draft, text="网上意见", name="王先生", phone="13812348000")
    adopt(world, opinion)
    url = f"/meetings/consultation/opinions/{opinion.pk}/certificate/"
    html = client_for("district_staff").get(url).content.decode()
    assert 'data-testid="certificate-recipient">王先生:</p>' in html
    assert "13812348000" not in html and "8000" not in html


def test_no_certificate_for_an_opinion_not_adopted(world, client_for):
    opinion = add_opinion(world, make_draft(world))
    url = f"/meetings/consultation/opinions/{opinion.pk}/certificate/"
    assert client_for("district_staff").get(url).status_code == 404


# Editing a draft


def _edit_data(draft, **changes):
    data = {
        "title": draft.title,
        "issuing_body": draft.issuing_body,
        "text": draft.text,
        "opinions_open_from": draft.opinions_open_from.isoformat(),
        "opinions_due": draft.opinions_due.isoformat(),
        "version": draft.version,
    }
    data.update(changes)
    return data


def test_staff_extend_the_period_and_a_stale_form_is_refused(world, client_for, english):
    draft = make_draft(world)
    client = client_for("district_staff")
    page = client.get(f"/meetings/consultation/{draft.pk}/edit/").content.decode()
    assert 'name="scope_node"' not in page and 'value="2026-03-31"' in page
    stale = _edit_data(draft, title="旧表单的标题")
    response = client.post(f"/meetings/consultation/{draft.pk}/edit/", _edit_data(draft, opinions_due="2026-04-15"))
    assert response["Location"] == f"/meetings/consultation/{draft.pk}/"
    draft.refresh_from_db()
    assert (draft.opinions_due, draft.version) == (dt.date(2026, 4, 15), 2)
    assert draft.state_on(dt.date(2026, 4, 10)) == "open"
    response = client.post(f"/meetings/consultation/{draft.pk}/edit/", stale)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone else changed this draft while you were editing; open it again." in html
    assert 'value="旧表单的标题"' in html
    draft.refresh_from_db()
    assert draft.title == TITLE


def test_a_pdf_replaces_the_old_one_and_text_may_then_be_empty(world, client_for):
    draft = make_draft(world)
    data = _edit_data(draft, text="", pdf=SimpleUploadedFile("new.pdf", PDF, content_type="application/pdf"))
    assert client_for("district_staff").post(f"/meetings/consultation/{draft.pk}/edit/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.text == "" and draft.pdf.name.startswith("consultation/")
    assert draft.pdf.read() == PDF
