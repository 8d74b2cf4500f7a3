"""The admin shows cases read-mostly: it may correct the classification, never move a case."""

from petitions.models import Petition
from tests.petitions.case_helpers import category, jpeg, new_case


def test_admin_pages_open_and_status_and_deadlines_are_read_only(world, client_for):
    case = new_case(world, attachments=[jpeg()])
    client = client_for("admin")
    assert client.get("/admin/petitions/petition/").status_code == 200
    assert client.get("/admin/petitions/category/").status_code == 200
    assert client.get("/admin/petitions/handlingunit/").status_code == 200
    assert client.get("/admin/petitions/petition/add/").status_code == 403
    page = client.get(f"/admin/petitions/petition/{case.pk}/change/")
    assert page.status_code == 200
    form_fields = set(page.context["adminform"].form.fields)
    assert form_fields == {"category", "grade"}

    response = client.post(
        f"/admin/petitions/petition/{case.pk}/change/",
        {
            "category": category("环境卫生").pk,
            "grade": "major",
            "status": "closed",
            "due_on": "2026-01-01",
            # The inlines' management forms (nothing added or changed there).
            **{
                f"{prefix}-{k}": v
                for prefix in ("events", "referrals", "attachments")
                for k, v in _management().items()
            },
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    case.refresh_from_db()
    assert (case.category.name, case.grade, case.status, case.due_on) == ("环境卫生", "major", "received", None)
    assert Petition.objects.count() == 1


def _management():
    return {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
