import pytest
from django.core import mail

from notifications import services
from notifications.models import Delivery, Notification, SmsMessage
from tests import factories as f

pytestmark = pytest.mark.django_db

PHONE = "13812348000"


def _notify(users, key="case:1:assigned", **extra):
    return services.notify(
        users=users,
        kind="case_assigned",
        title="新案件已分派",
        body="请在三个月内答复",
        url="/cases/1/",
        key=key,
        **extra,
    )


def test_notifying_twice_with_one_key_creates_one_notification_and_one_delivery_per_channel(
    django_capture_on_commit_callbacks, sms_outbox
):
    user = f.UserFactory(email="clerk@example.cn")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notes = _notify([user], channels=("email", "sms"), sms_to={user.pk: PHONE})

    assert Notification.objects.filter(user=user).count() == 1
    assert notes[0].key == "case:1:assigned"
    assert sorted(Delivery.objects.values_list("channel", "status")) == [("email", "sent"), ("sms", "sent")]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "新案件已分派"
    assert mail.outbox[0].to == ["clerk@example.cn"]
    assert "/cases/1/" in mail.outbox[0].body
    assert sms_outbox == [(PHONE, "新案件已分派 请在三个月内答复")]


def test_a_new_key_notifies_again():
    user = f.UserFactory()
    _notify([user], key="case:1:remind_30:2026-02-28")
    _notify([user], key="case:1:remind_7:2026-02-28")
    assert Notification.objects.filter(user=user).count() == 2


def test_users_without_an_address_get_the_bell_only(django_capture_on_commit_callbacks):
    with_email = f.UserFactory(email="a@example.cn")
    without = f.UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notes = _notify([with_email, without, with_email], channels=("email", "sms"))  # no sms_to: no SMS

    assert {n.user for n in notes} == {with_email, without}
    assert list(Delivery.objects.values_list("notification__user", "channel")) == [(with_email.pk, "email")]
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]


def test_inactive_users_are_not_notified():
    user = f.UserFactory(is_active=False, email="gone@example.cn")
    assert _notify([user]) == []
    assert not Notification.objects.exists()


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = f.UserFactory(email="a@example.cn")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify([user])
    assert len(callbacks) == 1  # one task, enqueued only after the commit
    assert mail.outbox == []


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "cases/1/"])
def test_a_notification_links_only_inside_the_portal(url):
    with pytest.raises(ValueError):
        services.notify(users=[f.UserFactory()], kind="x", title="t", url=url, key="k")


def test_an_sms_to_a_resident_is_sent_once_per_key(django_capture_on_commit_callbacks, sms_outbox):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            sms = services.sms_send(phone=PHONE, text="您的意见已受理,查询码 LT01-2026-0001", key="petition:1:received")

    assert SmsMessage.objects.count() == 1
    sms.refresh_from_db()
    assert sms.status == SmsMessage.Status.SENT and sms.attempts == 1 and sms.sent_at
    assert sms_outbox == [(PHONE, "您的意见已受理,查询码 LT01-2026-0001")]


def test_mark_read_touches_only_the_owners_notification():
    owner, other = f.UserFactory(), f.UserFactory()
    (note,) = _notify([owner])
    assert services.mark_read(user=other, notification=note) is False
    note.refresh_from_db()
    assert note.read_at is None
    assert services.mark_read(user=owner, notification=note) is True
    assert services.mark_read(user=owner, notification=note) is False  # already read: read_at kept


def test_mark_all_read_counts_only_the_users_unread():
    owner, other = f.UserFactory(), f.UserFactory()
    for i in range(3):
        _notify([owner, other], key=f"k{i}")
    services.mark_read(user=owner, notification=Notification.objects.filter(user=owner).first())

    assert services.mark_all_read(user=owner) == 2
    assert Notification.objects.filter(user=owner, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 3


def test_the_email_links_to_the_portal_by_its_address(settings, django_capture_on_commit_callbacks):
    settings.LIAISON_SITE_URL = "https://portal.example.cn"
    settings.DEFAULT_FROM_EMAIL = "noreply@portal.example.cn"
    with django_capture_on_commit_callbacks(execute=True):
        _notify([f.UserFactory(email="a@example.cn")])
    (message,) = mail.outbox
    assert message.from_email == "noreply@portal.example.cn"
    assert message.body.startswith("请在三个月内答复\n\n")
    assert "https://portal.example.cn/cases/1/" in message.body
