"""Access matrix of legislative consultation. A district draft open today (with a PDF) and a street_a
draft; opinions from station_a (world.deputy's, one pending, one adopted) and from station_b.
Everyone with a role in the district reads the district draft; other_clerk (street_b) does not see
street_a's draft (404). Only the draft's own staff decide: street staff read a district draft's
opinions from their street but may not decide them (403)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.services import consultation as svc
from tests.access import FORBIDDEN, NOT_FOUND, OK, PERSONAS, Row, check, everyone, params

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _cache(w, key, make):
    store = w.__dict__.setdefault("_consultation", {})
    if key not in store:
        store[key] = make()
    return store[key]


def _draft(w):
    today = timezone.localdate()
    return _cache(
        w,
        "district",
        lambda: svc.draft_create(
            by=w.district_staff, scope_node=w.district, title="区草案", issuing_body="法工委", text="第一条",
            pdf=SimpleUploadedFile("draft.pdf", PDF, content_type="application/pdf"),
            opinions_open_from=today - dt.timedelta(days=5), opinions_due=today + dt.timedelta(days=5),
        ),
    )


def _street_draft(w):
    today = timezone.localdate()
    return _cache(
        w,
        "street",
        lambda: svc.draft_create(
            by=w.street_staff, scope_node=w.street_a, title="街道草案", issuing_body="街道工委", text="第一条",
            pdf=SimpleUploadedFile("draft.pdf", PDF, content_type="application/pdf"),
            opinions_open_from=today - dt.timedelta(days=5), opinions_due=today + dt.timedelta(days=5),
        ),
    )


def _upcoming(w):
    today = timezone.localdate()
    return _cache(
        w,
        "upcoming",
        lambda: svc.draft_create(
            by=w.district_staff, scope_node=w.district, title="未开始", issuing_body="法工委", text="第一条",
            opinions_open_from=today + dt.timedelta(days=5), opinions_due=today + dt.timedelta(days=10),
        ),
    )


def _pending(w):
    return _cache(
        w, "pending", lambda: svc.opinion_create(by=w.clerk, draft=_draft(w), node=w.station_a, text="待定意见")
    )


def _pending_b(w):
    return _cache(
        w, "pending_b", lambda: svc.opinion_create(by=w.other_clerk, draft=_draft(w), node=w.station_b, text="乙站意见")
    )


def _adopted(w):
    def make():
        opinion = svc.opinion_create(by=w.clerk, draft=_draft(w), node=w.station_a, text="采纳", deputy=w.deputy)
        return svc.opinion_decide(by=w.district_staff, opinion=opinion, decision="adopted")

    return _cache(w, "adopted", make)


def _new_draft(w):
    today = timezone.localdate()
    return {
        "scope_node": w.street_a.pk,
        "title": "新草案",
        "issuing_body": "法工委",
        "text": "第一条",
        "opinions_open_from": today.isoformat(),
        "opinions_due": (today + dt.timedelta(days=30)).isoformat(),
    }


def _edit_data(draft) -> dict:
    return {
        "title": draft.title + "（修改）",
        "issuing_body": draft.issuing_body,
        "text": draft.text,
        "opinions_open_from": draft.opinions_open_from.isoformat(),
        "opinions_due": (draft.opinions_due + dt.timedelta(days=7)).isoformat(),
        "version": draft.version,
    }


def _edit(w):
    return _edit_data(_draft(w))


def _edit_street(w):
    return _edit_data(_street_draft(w))


def _new_opinion(w):
    return {"node": w.station_a.pk, "text": "意见内容", "article": "第一条"}


def _public_opinion(w):
    return {"text": "网上意见", "article": "", "name": "", "phone": "", "website": ""}


MEMBERS = everyone(OK, outsider=FORBIDDEN)
STAFF = everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK)
IN_STREET_A = everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND)
DECIDES = everyone(FORBIDDEN, district_staff=OK, admin=OK)
PUBLIC = dict.fromkeys(PERSONAS, OK)

ROWS = [
    Row("meetings:consultation_list", lambda w: "/meetings/consultation/", MEMBERS),
    Row("meetings:consultation_create", lambda w: "/meetings/consultation/new/", STAFF),
    Row("meetings:consultation_create", lambda w: "/meetings/consultation/new/", STAFF, "post", _new_draft),
    Row("meetings:consultation_detail", lambda w: f"/meetings/consultation/{_draft(w).pk}/", MEMBERS),
    Row("meetings:consultation_detail", lambda w: f"/meetings/consultation/{_street_draft(w).pk}/", IN_STREET_A),
    Row("meetings:consultation_edit", lambda w: f"/meetings/consultation/{_draft(w).pk}/edit/", DECIDES),
    Row("meetings:consultation_edit", lambda w: f"/meetings/consultation/{_draft(w).pk}/edit/", DECIDES, "post", _edit),
    # A street's draft is edited by its street's staff (and the district's); street_b's clerk sees nothing.
    Row(
        "meetings:consultation_edit",
        lambda w: f"/meetings/consultation/{_street_draft(w).pk}/edit/",
        {**DECIDES, "street_staff": OK},
        "post",
        _edit_street,
    ),
    Row("meetings:consultation_pdf", lambda w: f"/meetings/consultation/{_draft(w).pk}/draft.pdf", MEMBERS),
    Row("meetings:consultation_pdf", lambda w: f"/meetings/consultation/{_street_draft(w).pk}/draft.pdf", IN_STREET_A),
    Row(
        "meetings:consultation_opinion_create",
        lambda w: f"/meetings/consultation/{_draft(w).pk}/opinions/new/",
        MEMBERS,
    ),
    Row(
        "meetings:consultation_opinion_create",
        lambda w: f"/meetings/consultation/{_street_draft(w).pk}/opinions/new/",
        IN_STREET_A,
        "post",
        _new_opinion,
    ),
    Row("meetings:consultation_opinions", lambda w: "/meetings/consultation/opinions/?decision=pending", MEMBERS),
    Row(
        "meetings:consultation_opinion_decide",
        lambda w: f"/meetings/consultation/opinions/{_pending(w).pk}/decide/",
        DECIDES,
    ),
    Row(
        "meetings:consultation_opinion_decide",
        lambda w: f"/meetings/consultation/opinions/{_pending(w).pk}/decide/",
        DECIDES,
        "post",
        lambda w: {"decision": "adopted", "reason": ""},
    ),
    # Street_a's staff do not even see station_b's opinion.
    Row(
        "meetings:consultation_opinion_decide",
        lambda w: f"/meetings/consultation/opinions/{_pending_b(w).pk}/decide/",
        {**DECIDES, "street_staff": NOT_FOUND},
        "post",
        lambda w: {"decision": "not_adopted", "reason": "理由"},
    ),
    Row(
        "meetings:consultation_certificate",
        lambda w: f"/meetings/consultation/opinions/{_adopted(w).pk}/certificate/",
        {**IN_STREET_A, "deputy_user": OK},
    ),
    Row("meetings_public:consultation_list", lambda w: "/p/meetings/consultation/", PUBLIC),
    Row("meetings_public:consultation_detail", lambda w: f"/p/meetings/consultation/{_draft(w).pk}/", PUBLIC),
    Row(
        "meetings_public:consultation_detail",
        lambda w: f"/p/meetings/consultation/{_draft(w).pk}/",
        PUBLIC,
        "post",
        _public_opinion,
    ),
    Row(
        "meetings_public:consultation_detail",
        lambda w: f"/p/meetings/consultation/{_upcoming(w).pk}/",
        dict.fromkeys(PERSONAS, NOT_FOUND),
    ),
    Row("meetings_public:consultation_pdf", lambda w: f"/p/meetings/consultation/{_draft(w).pk}/draft.pdf", PUBLIC),
    Row("meetings_public:consultation_done", lambda w: "/p/meetings/consultation/thanks/", PUBLIC),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)

