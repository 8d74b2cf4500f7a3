"""The admin shows what was sent and why a send failed; read-only, phones masked."""

from notifications import services
from notifications.models import Delivery, SmsMessage

PHONE = "13812348000"


def test_admin_pages_open_read_only_with_phones_masked(world, client_for):
    world.clerk.email = "clerk@example.cn"
    world.clerk.save(update_fields=["email"])
    (note,) = services.notify(
        users=[world.clerk], kind="x", title="新案件", key="k", channels=("sms",), sms_to={world.clerk.pk: PHONE}
    )
    sms = services.sms_send(phone=PHONE, text="查询码", key="petition:1")
    delivery = Delivery.objects.get()
    client = client_for("admin")

    pages = [
        "/admin/notifications/notification/",
        f"/admin/notifications/notification/{note.pk}/change/",
        "/admin/notifications/delivery/",
        f"/admin/notifications/delivery/{delivery.pk}/change/",
        "/admin/notifications/smsmessage/",
        f"/admin/notifications/smsmessage/{sms.pk}/change/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert PHONE not in html, page
    assert "138****8000" in client.get("/admin/notifications/smsmessage/").content.decode()
    assert client.get("/admin/notifications/smsmessage/add/").status_code == 403
    assert client.post(f"/admin/notifications/smsmessage/{sms.pk}/change/", {"text": "x"}).status_code == 403
    assert SmsMessage.objects.get().text == "查询码"
