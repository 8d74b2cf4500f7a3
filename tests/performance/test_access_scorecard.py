"""Access rows for the scorecard pages (performance.views_scorecard)."""

import pytest
from django.utils import timezone

from performance.models.scorecard import Metric, Source
from performance.scorecard.defaults import DEFAULT_POINTS, DEFAULT_QUOTAS
from tests.access import FORBIDDEN, NOT_FOUND, OK, Row, check, everyone, params


def _staff(**overrides):
    return everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK, **overrides)


def _district(**overrides):
    return everyone(FORBIDDEN, district_staff=OK, admin=OK, **overrides)


def _rules_data(w):
    data = {"year": timezone.localdate().year, "district": w.district.pk}
    for source in Source.values:
        data[f"points_{source}"] = DEFAULT_POINTS[source] + 1
        data[f"active_{source}"] = "on"
    return data


def _quotas_data(w):
    data = {"year": timezone.localdate().year, "district": w.district.pk}
    for metric in Metric.values:
        low, high = DEFAULT_QUOTAS[metric]
        data[f"min_{metric}"] = low + 1
        data[f"max_{metric}"] = "" if high is None else high + 1
    return data


PUBLIC = {**everyone(OK), "anonymous": OK}

ROWS = [
    Row("performance:scorecard_list", lambda w: "/performance/scorecards/", _staff()),
    # A deputy is sent to their own scorecard, staff to the list.
    Row("performance:scorecard_mine", lambda w: "/performance/scorecards/mine/", _staff(deputy_user=OK)),
    Row("performance:scorecard_detail", lambda w: f"/performance/scorecards/{w.deputy.pk}/", _staff(deputy_user=OK)),
    Row(
        "performance:scorecard_detail",
        lambda w: f"/performance/scorecards/{w.other_deputy.pk}/?year=2025",
        _district(deputy_user=NOT_FOUND, street_staff=NOT_FOUND),
    ),
    Row("performance:scorecard_rules", lambda w: "/performance/scorecards/rules/", _staff()),
    Row(
        "performance:scorecard_rules",
        lambda w: "/performance/scorecards/rules/",
        _district(),
        method="post",
        data=_rules_data,
    ),
    Row("performance:scorecard_quotas", lambda w: "/performance/scorecards/quotas/", _staff()),
    Row(
        "performance:scorecard_quotas",
        lambda w: "/performance/scorecards/quotas/",
        _district(),
        method="post",
        data=_quotas_data,
    ),
    Row("performance_public:scorecard", lambda w: f"/p/performance/deputies/{w.deputy.pk}/", PUBLIC),
    Row("performance_public:scorecard", lambda w: f"/p/performance/deputies/{w.other_deputy.pk}/?year=abc", PUBLIC),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)


def test_a_deputy_who_left_office_has_no_public_page(world, client_for):
    world.other_deputy.is_active = False
    world.other_deputy.save(update_fields=["is_active"])
    assert client_for("anonymous").get(f"/p/performance/deputies/{world.other_deputy.pk}/").status_code == 404
