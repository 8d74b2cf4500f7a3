"""The Django admin pages for deputies open, with assignments and voter contacts inline."""

from tests import factories as f


def test_admin_deputy_pages_open_with_inlines(world, client_for):
    f.VoterContactFactory(deputy=world.deputy, name="选民甲")
    client = client_for("admin")
    assert client.get("/admin/deputies/deputy/").status_code == 200
    change = client.get(f"/admin/deputies/deputy/{world.deputy.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert "assignments-TOTAL_FORMS" in html and "voter_contacts-TOTAL_FORMS" in html and "选民甲" in html
    assert client.get("/admin/deputies/specialty/").status_code == 200
