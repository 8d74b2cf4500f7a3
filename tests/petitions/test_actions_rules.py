"""rules.available_actions: allowed by the user's relation to the case AND startable from its status;
which button is the natural next step; and the case page's action buttons built from it."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from petitions import rules
from petitions.models import Petition

S = Petition.Status
OPEN_STAFF = "withdraw merge comment attach edit"  # every staff member, on any open case
FINAL = "comment attach"  # anyone related, on a finished case
OPEN = {S.RECEIVED, S.ASSIGNED, S.RESOLVED, S.REFERRED, S.ACKNOWLEDGED, S.REPLIED, S.INFORMED, S.RATED, S.REVIEW}

# status: (clerk of the station, street staff, district staff, the deputy in charge); the staff
# columns add OPEN_STAFF on open cases. Other clerks and outsiders have no relation: nothing.
TABLE = {
    S.RECEIVED: ("assign", "assign escalate", "assign escalate", "escalate comment attach"),
    S.ASSIGNED: (
        "assign resolve",
        "assign resolve refer refer_street escalate",
        "assign resolve refer refer_street refer_district escalate",
        "resolve escalate comment attach",
    ),
    S.RESOLVED: ("inform", "inform escalate", "inform escalate", "inform escalate comment attach"),
    S.REFERRED: (
        "acknowledge reply",
        "acknowledge reply escalate",
        "acknowledge reply extend escalate",
        "escalate comment attach",
    ),
    S.ACKNOWLEDGED: ("reply", "reply escalate", "reply extend escalate", "escalate comment attach"),
    S.REPLIED: ("inform", "inform escalate", "inform escalate", "inform escalate comment attach"),
    S.INFORMED: ("rate", "rate escalate", "rate escalate", "escalate comment attach"),
    S.RATED: ("close", "close", "close", "comment attach"),  # rated: no escalation, only closing
    S.REVIEW: (
        "resolve reply",
        "resolve reply refer refer_street escalate",
        "resolve reply refer refer_street refer_district extend escalate",
        "resolve escalate comment attach",
    ),
    S.CLOSED: ("", "", "", FINAL),
    S.WITHDRAWN: ("", "", "", FINAL),
    S.MERGED: ("", "", "", FINAL),
    S.ESCALATED: ("", "", "", FINAL),
}
COLUMNS = ["clerk", "street_staff", "district_staff", "deputy_user"]


def case_of(world, status) -> Petition:
    # Unsaved: the rules read only the case's columns.
    return Petition(
        status=status,
        district=world.district,
        street=world.street_a,
        station=world.station_a,
        node=world.station_a,
        assigned_deputy=world.deputy,
    )


def expected(status, persona) -> set[str]:
    if persona in ("other_clerk", "outsider", "anonymous"):
        return set()
    column = TABLE[status][COLUMNS.index(persona)]
    names = set(column.split())
    if persona != "deputy_user":
        names |= set((OPEN_STAFF if status in OPEN else FINAL).split())
    return names


@pytest.mark.parametrize("status", list(TABLE))
@pytest.mark.parametrize("persona", [*COLUMNS, "admin", "other_clerk", "outsider", "anonymous"])
def test_available_actions_by_status_and_persona(world, status, persona):
    user = world.user(persona)
    case = case_of(world, status)
    as_persona = "district_staff" if persona == "admin" else persona  # an admin acts as district staff
    assert set(rules.available_actions(user, case)) == expected(status, as_persona)


@pytest.mark.parametrize(
    ("status", "persona", "primary"),
    [
        (S.RECEIVED, "clerk", "assign"),
        (S.ASSIGNED, "street_staff", "refer"),
        (S.ASSIGNED, "clerk", "resolve"),  # a clerk cannot refer: resolving is theirs to do
        (S.ASSIGNED, "deputy_user", "resolve"),
        (S.REFERRED, "clerk", "acknowledge"),
        (S.ACKNOWLEDGED, "clerk", "reply"),
        (S.REPLIED, "deputy_user", "inform"),
        (S.RESOLVED, "clerk", "inform"),
        (S.INFORMED, "clerk", "rate"),
        (S.INFORMED, "deputy_user", None),
        (S.RATED, "clerk", "close"),
        (S.REVIEW, "clerk", "reply"),
        (S.CLOSED, "clerk", None),
    ],
)
def test_the_natural_next_step_is_the_primary_button(world, status, persona, primary):
    available = rules.available_actions(world.user(persona), case_of(world, status))
    assert available.primary == primary
    assert primary not in available.main
    assert available.more == tuple(a for a in ("withdraw", "merge", "escalate") if a in available)


def _buttons(world, persona, status):
    case = case_of(world, status)
    case.pk = 41
    request = RequestFactory().get("/")
    request.user = world.user(persona)
    context = {"petition": case, "allowed": rules.available_actions(request.user, case)}
    return render_to_string("petitions/partials/case_actions.html", context, request=request)


def test_case_page_buttons_for_the_clerk_of_a_received_case(world):
    html = _buttons(world, "clerk", S.RECEIVED)
    assert 'href="/cases/41/do/assign/" data-testid="action-assign"' in html
    assert 'class="btn btn-primary"' in html.split('data-testid="action-assign"')[1].split(">")[0]
    assert 'hx-get="/cases/41/do/assign/" hx-target="#case-action-panel"' in html
    # The side exits sit in the "more" menu.
    menu = html.split('data-testid="more-actions"')[1]
    for action in ("withdraw", "merge"):
        assert f'href="/cases/41/do/{action}/" data-testid="action-{action}"' in menu
    assert "action-escalate" not in html  # not a clerk's
    # No inline script or style (CSP): the panel's behaviour comes from a static file.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/case_actions.js" defer>']
    assert "style=" not in html


def test_referral_buttons_link_to_the_referral_pages(world):
    html = _buttons(world, "street_staff", S.ASSIGNED)
    assert 'href="/cases/41/refer/" data-testid="action-refer"' in html
    assert "hx-get" not in html.split('data-testid="action-refer"')[1].split(">")[0]
    html = _buttons(world, "district_staff", S.REFERRED)
    assert 'href="/cases/41/acknowledge/" data-testid="action-acknowledge"' in html
    assert 'href="/cases/41/reply/" data-testid="action-reply"' in html
    assert 'href="/cases/41/extend/" data-testid="action-extend"' in html


def test_no_buttons_for_someone_who_may_do_nothing(world):
    assert 'data-testid="case-actions"' not in _buttons(world, "other_clerk", S.RECEIVED)
    assert 'data-testid="case-actions"' in _buttons(world, "deputy_user", S.CLOSED)  # a note, still


def test_a_directly_resolved_case_under_review_is_resolved_again_not_replied(world, category):
    from petitions import rules, services
    from petitions.models import Petition

    case = services.petition_create(
        by=world.clerk, node=world.station_a, channel=Petition.Channel.STATION, resident_name="王小明",
        resident_phone="13812348000", category=category, content="楼道灯不亮",
    )
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    services.petition_resolve(petition=case, by=world.clerk, resolution="已联系物业更换")
    services.petition_inform(petition=case, by=world.clerk)
    services.petition_rate(petition=case, by=world.clerk, rating="unsatisfied", comment="还是不亮")
    assert case.status == Petition.Status.REVIEW
    actions = rules.available_actions(world.clerk, case, has_referral=False)
    assert actions.primary == "resolve"
    assert "reply" not in actions
    assert "reply" in rules.available_actions(world.clerk, case)  # without knowing, it is offered
