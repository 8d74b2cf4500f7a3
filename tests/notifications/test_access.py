import pytest

from notifications import services
from tests.access import LOGIN, NOT_FOUND, OK, Row, check, everyone, params


def _open_clerks_notification(w):
    (note,) = services.notify(users=[w.clerk], kind="case_assigned", title="新案件", url="/network/", key="access")
    return f"/notifications/{note.pk}/open/"


# Everyone with a login has notifications of their own, whatever their role (outsider too).
ROWS = [
    Row("notifications:list", lambda w: "/notifications/", everyone(OK)),
    Row("notifications:list", lambda w: "/notifications/?page=2", everyone(OK)),
    Row("notifications:badge", lambda w: "/notifications/badge/", everyone(OK)),
    # Only the owner opens a notification; anyone else gets 404, not a hint that it exists.
    Row("notifications:open", _open_clerks_notification, everyone(NOT_FOUND, clerk=OK)),
    Row("notifications:mark_all_read", lambda w: "/notifications/read-all/", everyone(OK), method="post"),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
