"""Small builders for reception tests (through the services, so the denormalised columns are right)."""

from datetime import date, time

from stations import reception_services as rs
from stations.models import ReceptionMode, ReceptionRule


def make_rule(node, by, **fields) -> ReceptionRule:
    values = {
        "kind": ReceptionRule.Kind.MONTH_DAY,
        "day_of_month": 15,
        "start_time": time(9, 0),
        "end_time": time(11, 30),
        "place": "南岭社区党群服务中心二楼",
        "mode": ReceptionMode.STATION,
        "valid_from": date(2024, 1, 1),
    }
    values.update(fields)
    return rs.rule_create(by=by, node=node, **values)


def make_reception(node, by, day: date, **fields):
    values = {
        "date": day,
        "start_time": time(9, 0),
        "end_time": time(11, 0),
        "place": "南岭社区联络站",
        "mode": ReceptionMode.STATION,
    }
    values.update(fields)
    return rs.reception_create(by=by, node=node, **values)
