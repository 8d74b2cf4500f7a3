import re

import pytest

from notifications import services
from notifications.models import Notification

pytestmark = pytest.mark.usefixtures("english")


def _notify(user, n=1, url="/network/"):
    for i in range(n):
        services.notify(users=[user], kind="case_assigned", title=f"通知{i}", body="正文", url=url, key=f"k{i}")
    return list(Notification.objects.filter(user=user).order_by("pk"))


def _badge(html: str) -> str:
    match = re.search(r'data-testid="notification-count"[^>]*>([^<]*)', html)
    assert match, "no badge in the page"
    return match.group(1).strip()


def test_the_bell_shows_the_unread_count_on_every_page(world, client_for):
    notes = _notify(world.clerk, 3)
    _notify(world.other_clerk, 5)
    services.mark_read(user=world.clerk, notification=notes[0])

    assert _badge(client_for("clerk").get("/network/").content.decode()) == "2"
    assert _badge(client_for("street_staff").get("/network/").content.decode()) == ""


def test_the_badge_partial_refreshes_the_count_with_one_query(world, client_for, django_assert_num_queries):
    _notify(world.clerk, 120)
    client = client_for("clerk")
    # session, user, the count
    with django_assert_num_queries(3):
        response = client.get("/notifications/badge/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert _badge(html) == "99+"
    assert 'hx-trigger="every 60s"' in html and "<script" not in html and "style=" not in html


def test_an_expired_session_stops_the_badge_polling(client_for, world):
    response = client_for("anonymous").get("/notifications/badge/", headers={"HX-Request": "true"})
    assert response.status_code == 286 and response.content == b""


def test_the_list_shows_the_users_own_notifications_newest_first_unread_bold(
    world, client_for, django_assert_max_num_queries
):
    notes = _notify(world.clerk, 30)
    services.mark_read(user=world.clerk, notification=notes[-1])
    _notify(world.other_clerk, 1)
    client = client_for("clerk")
    # session, user, role scope (3), the bell's count, the page's count, the page
    with django_assert_max_num_queries(8):
        response = client.get("/notifications/")

    assert response.status_code == 200
    rows = response.context["page_obj"].object_list
    assert [n.title for n in rows][:3] == ["通知29", "通知28", "通知27"]
    assert len(rows) == 25 and all(n.user == world.clerk for n in rows)
    html = response.content.decode()
    assert html.count("fw-bold") == 24  # 29 unread, 24 of them on this page (通知29 is read)
    assert f'href="/notifications/{notes[-1].pk}/open/"' in html
    assert re.search(r'data-testid="unread-total">29 unread<', html)
    assert _badge(html) == "29"
    page2 = client.get("/notifications/?page=2")
    assert [n.title for n in page2.context["page_obj"].object_list] == [f"通知{i}" for i in range(4, -1, -1)]


def test_opening_marks_read_and_follows_the_link(world, client_for):
    (note,) = _notify(world.clerk, url="/network/?q=南岭")
    response = client_for("clerk").get(f"/notifications/{note.pk}/open/")

    assert response.status_code == 302 and response["Location"] == "/network/?q=%E5%8D%97%E5%B2%AD"
    note.refresh_from_db()
    assert note.read_at is not None


def test_another_users_notification_is_not_found_and_stays_unread(world, client_for):
    (note,) = _notify(world.clerk)
    assert client_for("other_clerk").get(f"/notifications/{note.pk}/open/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.parametrize("url", ["https://evil.example/phish", "//evil.example/", "/\\evil.example", ""])
def test_a_link_outside_the_portal_is_not_followed(world, client_for, url):
    note = Notification.objects.create(user=world.clerk, kind="x", title="t", url=url, key="outside")
    response = client_for("clerk").get(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_mark_all_read(world, client_for):
    _notify(world.clerk, 3)
    _notify(world.other_clerk, 2)
    client = client_for("clerk")
    assert client.get("/notifications/read-all/").status_code == 405

    response = client.post("/notifications/read-all/", follow=True)

    assert response.redirect_chain == [("/notifications/", 302)]
    assert "All notifications marked as read." in response.content.decode()
    assert Notification.objects.filter(user=world.clerk, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=world.other_clerk, read_at__isnull=True).count() == 2
    assert "fw-bold" not in response.content.decode()
