"""The role × URL access matrix: each app's tests/<app>/test_access.py lists its URLs as `ROWS`,
and tests/test_url_coverage.py fails when a URL of the portal appears in no row.

Outcomes: OK (200, or a redirect that is not to the login page), LOGIN (redirect to log in),
FORBIDDEN (403: the role may not do this), NOT_FOUND (404: outside the user's scope).
"""

from collections.abc import Callable
from dataclasses import dataclass

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", "forbidden", "not_found"

PERSONAS = ["anonymous", "outsider", "deputy_user", "other_clerk", "clerk", "street_staff", "district_staff", "admin"]


@dataclass
class Row:
    name: str  # the namespaced URL name, e.g. "stations:node_detail"
    url: Callable  # world -> path
    expect: dict  # persona -> outcome; every persona in PERSONAS must be listed
    method: str = "get"
    data: Callable | None = None  # world -> POST data

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expect)
        assert not missing, f"{self.name}: no expected outcome for {sorted(missing)}"


def everyone(outcome: str, **overrides) -> dict:
    """All logged-in personas get `outcome`, anonymous must log in; `overrides` per persona."""
    expect = {p: outcome for p in PERSONAS}
    expect["anonymous"] = LOGIN
    expect.update(overrides)
    return expect


def params(rows: list[Row]):
    """pytest.mark.parametrize arguments: one case per row and persona."""
    cases, ids = [], []
    for row in rows:
        for persona in PERSONAS:
            cases.append((row, persona))
            ids.append(f"{row.name}-{row.method}-{persona}")
    return {"argnames": "row,persona", "argvalues": cases, "ids": ids}


def check(client, row: Row, persona: str, world) -> None:
    url = row.url(world)
    data = row.data(world) if row.data else {}
    response = getattr(client, row.method)(url, data)
    expected = row.expect[persona]
    status = response.status_code
    login_redirect = status == 302 and "/accounts/login/" in response["Location"]
    outcome = (
        LOGIN if login_redirect else FORBIDDEN if status == 403 else NOT_FOUND if status == 404
        else OK if status in (200, 302) else f"status {status}"
    )
    assert outcome == expected, f"{persona} {row.method.upper()} {url}: expected {expected}, got {outcome} ({status})"
