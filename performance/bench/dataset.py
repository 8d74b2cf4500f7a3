"""A large, realistic dataset for the scale benchmark (PostgreSQL only).

Shape (defaults): 16 districts, 250 streets, 1,000 stations and 4,000 contact points (5,000 stations and
points), 50,000 deputies each assigned to a station, 1,000,000 cases over three years with the status mix of
a working district, referrals for the referred ones (some replied late), two years of monthly reception
days with two deputies on duty, and meetings with attendees. The rows that grow (cases, referrals,
receptions, duties) are written by INSERT … SELECT over generate_series, so a million cases take about a
minute; the rest goes through the ORM. Every name and code starts with "B" so the set is easy to spot.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from deputies.models import Assignment, Deputy
from meetings.models import Attendee, Meeting
from petitions.models import Category, HandlingUnit
from stations.models import Community, Node, Position

PASSWORD = "bench-pass-2026"  # noqa: S105  (benchmark accounts on a throwaway database)


@dataclass(frozen=True)
class Size:
    nodes: int = 5_000  # stations + contact points
    deputies: int = 50_000
    cases: int = 1_000_000
    due_for_sweep: int = 10_000

    @property
    def stations(self) -> int:
        return max(1, self.nodes // 5)

    @property
    def points(self) -> int:
        return self.nodes - self.stations

    @property
    def streets(self) -> int:
        return max(1, self.stations // 4)

    @property
    def districts(self) -> int:
        return max(1, self.streets // 16)


# status, share of all cases (sums to 1); awaiting ones are recent so their due dates are near today.
STATUS_MIX = [
    ("closed", 0.52),
    ("rated", 0.08),
    ("informed", 0.05),
    ("replied", 0.05),
    ("referred", 0.04),
    ("acknowledged", 0.05),
    ("review", 0.01),
    ("resolved", 0.06),
    ("assigned", 0.04),
    ("received", 0.03),
    ("withdrawn", 0.03),
    ("merged", 0.01),
    ("escalated", 0.02),
]
AWAITING = ("referred", "acknowledged", "review")
REFERRED_ONCE = ("referred", "acknowledged", "review", "replied", "informed", "rated", "closed")


def _status_case() -> str:
    """SQL CASE turning r in [0, 1) into a status with STATUS_MIX's shares."""
    parts, upper = [], 0.0
    for status, share in STATUS_MIX:
        upper += share
        parts.append(f"WHEN r < {upper:.4f} THEN '{status}'")
    return "CASE " + " ".join(parts) + " ELSE 'closed' END"


class Builder:
    def __init__(self, size: Size, *, progress: Callable[[str], None] = print):
        self.size = size
        self.say = progress
        self.now = timezone.now()
        self.started = time.monotonic()

    def step(self, text: str) -> None:
        self.say(f"[{time.monotonic() - self.started:7.1f}s] {text}")

    def build(self) -> dict:
        if connection.vendor != "postgresql":
            raise SystemExit("The benchmark dataset needs PostgreSQL: set DATABASE_URL.")
        if Node.objects.filter(code="BD00").exists():
            self.step("dataset already present: reusing it")
            return self.accounts()
        with transaction.atomic():  # all or nothing: a half-built set would be "reused" next time
            self.network()
            self.people()
            self.cases()
            self.referrals()
            self.steady_state()
            self.receptions()
            self.meetings()
            self.step("commit (PostgreSQL checks every deferred foreign key now: a few minutes)")
        self.step("ANALYZE")
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        self.step("done")
        return self.accounts()

    # -- network, units, users, deputies (ORM) ---------------------------------------------------------
    def network(self) -> None:
        s = self.size
        self.step(f"network: {s.districts} districts, {s.streets} streets, {s.stations} stations, {s.points} points")
        districts = Node.objects.bulk_create(
            Node(kind="district", name=f"B区{d:02}", code=f"BD{d:02}") for d in range(s.districts)
        )
        Node.objects.filter(pk__in=[d.pk for d in districts]).update(district_id=F("id"))
        streets = Node.objects.bulk_create(
            Node(kind="street", name=f"B街道{i:04}", code=f"BS{i:04}", parent=districts[i % s.districts],
                 district_id=districts[i % s.districts].pk)
            for i in range(s.streets)
        )
        Node.objects.filter(pk__in=[n.pk for n in streets]).update(street_id=F("id"))
        stations = Node.objects.bulk_create(
            Node(kind="station", name=f"B社区联络站{i:05}", code=f"BT{i:05}", parent=streets[i % s.streets],
                 district_id=streets[i % s.streets].district_id, street_id=streets[i % s.streets].pk)
            for i in range(s.stations)
        )
        Node.objects.filter(pk__in=[n.pk for n in stations]).update(station_id=F("id"))
        Node.objects.bulk_create(
            (
                Node(kind="point", name=f"B联系点{i:05}", code=f"BP{i:05}", parent=(st := stations[i % s.stations]),
                     district_id=st.district_id, street_id=st.street_id, station_id=st.pk, point_kind="community")
                for i in range(s.points)
            ),
            batch_size=2000,
        )
        Community.objects.bulk_create(Community(street=street, name=f"B社区{street.code}-{k}")
                                      for street in streets for k in range(4))
        HandlingUnit.objects.bulk_create(
            [HandlingUnit(district=d, name=f"B职能部门{d.code}-{k:02}", kind="department") for d in districts
             for k in range(20)]
            + [HandlingUnit(district_id=st.district_id, street=st, name=f"B街道办{st.code}", kind="street_office")
               for st in streets]
        )
        self.districts, self.streets, self.stations = districts, streets, stations

    def people(self) -> None:
        s = self.size
        self.step(f"users and {s.deputies} deputies with assignments")
        User = get_user_model()
        hashed = make_password(PASSWORD)
        users = User.objects.bulk_create(
            [User(username=f"b_district_{d.code}", password=hashed) for d in self.districts]
            + [User(username=f"b_street_{n.code}", password=hashed) for n in self.streets]
            + [User(username=f"b_clerk_{n.code}", password=hashed) for n in self.stations]
            + [User(username="b_deputy", password=hashed)],
            batch_size=2000,
        )
        nodes = [*self.districts, *self.streets, *self.stations]
        Position.objects.bulk_create(Position(user=u, node=n) for u, n in zip(users, nodes, strict=False))
        deputy_user = users[-1]
        levels = ["county"] * 6 + ["township"] * 3 + ["city"]
        deputies = Deputy.objects.bulk_create(
            (
                Deputy(
                    name=f"B代表{i:06}", gender="mf"[i % 2], level=levels[i % len(levels)],
                    district_id=(st := self.stations[i % s.stations]).district_id, street_id=st.street_id,
                    phone=f"139{i:08d}", user=deputy_user if i == 0 else None,
                )
                for i in range(s.deputies)
            ),
            batch_size=5000,
        )
        Assignment.objects.bulk_create(
            (
                Assignment(deputy=dep, node=self.stations[i % s.stations],
                           role="head" if i < s.stations else "resident")
                for i, dep in enumerate(deputies)
            ),
            batch_size=5000,
        )

    # -- cases and referrals (SQL) ----------------------------------------------------------------------
    def cases(self) -> None:
        s = self.size
        self.step(f"{s.cases:,} cases")
        categories = list(Category.objects.values_list("pk", flat=True))
        with connection.cursor() as cur:
            cur.execute("SELECT setseed(0.42)")
            cur.execute(
                """
                CREATE TEMP TABLE b_node AS
                SELECT row_number() OVER (ORDER BY n.id) - 1 AS rn, n.id, n.district_id, n.street_id,
                       n.station_id, c.id AS community_id
                FROM stations_node n
                LEFT JOIN LATERAL (SELECT id FROM stations_community WHERE street_id = n.street_id
                                   ORDER BY id LIMIT 1) c ON true
                WHERE n.kind IN ('station', 'point') AND n.code LIKE 'B%%';
                CREATE TEMP TABLE b_dep AS
                SELECT a.node_id AS station_id, a.deputy_id,
                       row_number() OVER (PARTITION BY a.node_id ORDER BY a.deputy_id) - 1 AS k,
                       count(*) OVER (PARTITION BY a.node_id) AS n
                FROM deputies_assignment a JOIN stations_node sn ON sn.id = a.node_id AND sn.code LIKE 'BT%%';
                CREATE INDEX ON b_dep (station_id, k);
                """
            )
            cur.execute("SELECT count(*) FROM b_node")
            (n_nodes,) = cur.fetchone()
            cur.execute(
                """
                INSERT INTO petitions_petition (
                    tracking_no, channel, resident_name, resident_phone, hide_name_from_deputy, place, grade,
                    content, status, received_at, due_on, due_provisional, overdue_since, rating, rating_comment,
                    version, created_at, updated_at, assigned_deputy_id, category_id, community_id, district_id,
                    node_id, station_id, street_id)
                SELECT 'B' || lpad(g.i::text, 8, '0'),
                       (ARRAY['reception','station','deputy','online'])[1 + (g.i %% 4)],
                       '居民' || (g.i %% 997), '138' || lpad((g.i %% 100000000)::text, 8, '0'), false, '',
                       CASE WHEN g.i %% 50 = 0 THEN 'urgent' ELSE 'normal' END,
                       '基准数据：群众反映的问题 #' || g.i,
                       x.status, x.received_at,
                       CASE WHEN x.status IN ('referred','acknowledged','review')
                            THEN (x.received_at + interval '95 days')::date END,
                       false,
                       CASE WHEN x.status IN ('referred','acknowledged','review')
                             AND (x.received_at + interval '95 days')::date < %(today)s
                            THEN (x.received_at + interval '96 days')::date END,
                       CASE WHEN x.status IN ('rated','closed')
                            THEN (ARRAY['satisfied','satisfied','satisfied','mostly','unsatisfied'])[1 + (g.i %% 5)]
                            ELSE '' END,
                       '', 1, x.received_at, x.received_at,
                       CASE WHEN x.status NOT IN ('received','withdrawn') THEN d.deputy_id END,
                       (%(categories)s::bigint[])[1 + (g.i * 7919 %% %(n_categories)s)],
                       bn.community_id, bn.district_id, bn.id, bn.station_id, bn.street_id
                FROM generate_series(1::bigint, %(cases)s) AS g(i)
                JOIN b_node bn ON bn.rn = (g.i * 2654435761) %% %(n_nodes)s
                CROSS JOIN LATERAL (
                    SELECT s.status,
                           CASE WHEN s.status IN ('referred','acknowledged','review')
                                THEN %(now)s - random() * interval '150 days'
                                ELSE %(now)s - power(random(), 1.4) * interval '1095 days' END AS received_at
                    FROM (SELECT STATUS_CASE AS status FROM (SELECT random() AS r, g.i AS i) r0) s
                ) x
                LEFT JOIN b_dep d ON d.station_id = bn.station_id AND d.k = g.i %% d.n
                """.replace("STATUS_CASE", _status_case()),
                {"cases": s.cases, "n_nodes": n_nodes, "now": self.now, "today": timezone.localdate(),
                 "categories": categories, "n_categories": len(categories)},
            )
            # The sweep's load: cases whose 7-day reminder is due today.
            cur.execute(
                """
                UPDATE petitions_petition SET due_on = %(due)s, overdue_since = NULL
                WHERE id IN (SELECT id FROM petitions_petition WHERE status IN ('referred','acknowledged')
                             AND tracking_no LIKE 'B%%' ORDER BY id LIMIT %(n)s)
                """,
                {"due": timezone.localdate() + timedelta(days=7), "n": s.due_for_sweep},
            )

    def referrals(self) -> None:
        self.step("referrals (replies on time and late)")
        with connection.cursor() as cur:
            cur.execute(
                """
                CREATE TEMP TABLE b_unit AS
                SELECT district_id, row_number() OVER (PARTITION BY district_id ORDER BY id) - 1 AS k, id,
                       count(*) OVER (PARTITION BY district_id) AS n
                FROM petitions_handlingunit WHERE name LIKE 'B%%';
                CREATE INDEX ON b_unit (district_id, k);
                INSERT INTO petitions_referral (
                    number, route, deputy_opinion, street_opinion, district_opinion, sent_at, received_on,
                    received_by_name, reply_due_on, extended_to, extension_reason, reply_text, reply_class,
                    replied_on, is_current, petition_id, unit_id)
                SELECT 'BR' || p.id, CASE WHEN p.id % 3 = 0 THEN 'district' ELSE 'street' END, '', '', '',
                       p.received_at + interval '3 days',
                       CASE WHEN p.status <> 'referred' THEN (p.received_at + interval '5 days')::date END,
                       '', (p.received_at + interval '95 days')::date, NULL, '',
                       CASE WHEN p.status IN ('replied','informed','rated','closed') THEN '已答复' ELSE '' END,
                       CASE WHEN p.status IN ('replied','informed','rated','closed') THEN 'A' ELSE '' END,
                       CASE WHEN p.status IN ('replied','informed','rated','closed')
                            THEN (p.received_at + (20 + (p.id % 90)) * interval '1 day')::date END,
                       true, p.id, u.id
                FROM petitions_petition p
                JOIN b_unit u ON u.district_id = p.district_id AND u.k = p.id % u.n
                WHERE p.tracking_no LIKE 'B%%'
                  AND p.status IN ('referred','acknowledged','review','replied','informed','rated','closed')
                  AND (p.status <> 'closed' OR p.id % 10 < 7)
                """
            )

    def steady_state(self) -> None:
        """Record the deadline steps earlier sweeps would have sent, so the measured sweep does what a sweep
        in a running district does: the day's new steps (the cases whose 7-day reminder falls today)."""
        self.step("deadline steps already sent (steady state)")
        today = timezone.localdate()
        with connection.cursor() as cur:
            cur.execute(
                """
                INSERT INTO petitions_deadlinestep (petition_id, step, due_on, created_at)
                SELECT p.id, s.step, p.due_on, now()
                FROM petitions_petition p
                CROSS JOIN (VALUES ('remind_30', -30), ('remind_7', -7), ('overdue', 1),
                                   ('escalate_district', 15), ('supervision', 30)) AS s(step, offset_days)
                WHERE p.due_on IS NOT NULL AND p.tracking_no LIKE 'B%%'
                  AND p.due_on + s.offset_days <= %(today)s
                  AND p.due_on <> %(sweep_due)s
                ON CONFLICT DO NOTHING
                """,
                {"today": today, "sweep_due": today + timedelta(days=7)},
            )

    # -- reception days and duties (SQL), meetings (ORM) ------------------------------------------------
    def receptions(self) -> None:
        self.step("reception days (two years, monthly per station) and duties")
        today = timezone.localdate()
        with connection.cursor() as cur:
            cur.execute(
                """
                INSERT INTO stations_reception (
                    node_id, district_id, street_id, station_id, rule_id, rule_date, date, start_time, end_time,
                    place, mode, status, moved_from, change_reason, holiday_shifted, calendar_unconfirmed, notice,
                    created_at, updated_at)
                SELECT n.id, n.district_id, n.street_id, n.id, NULL, NULL, d::date, '09:00', '11:30', '站内',
                       'station',
                       CASE WHEN d::date > %(today)s THEN 'planned'
                            WHEN (n.id + extract(month FROM d)::int) %% 12 = 0 THEN 'missed'
                            WHEN (n.id + extract(month FROM d)::int) %% 17 = 0 THEN 'cancelled'
                            ELSE 'held' END,
                       NULL, '', false, false, '', now(), now()
                FROM stations_node n
                CROSS JOIN generate_series(%(start)s::date, %(end)s::date, interval '1 month') AS d
                WHERE n.kind = 'station' AND n.code LIKE 'BT%%';
                INSERT INTO deputies_duty (reception_id, deputy_id, attendance, swapped_with_id, swap_reason,
                                           created_at, updated_at)
                SELECT r.id, d.deputy_id,
                       CASE WHEN r.status = 'planned' THEN 'expected'
                            WHEN (r.id + d.k) %% 9 = 0 THEN 'absent' ELSE 'present' END,
                       NULL, '', now(), now()
                FROM stations_reception r
                JOIN b_dep d ON d.station_id = r.station_id AND d.k IN (r.id %% d.n, (r.id + 1) %% d.n)
                WHERE r.status IN ('held', 'planned', 'missed');
                """,
                {"today": today, "start": today.replace(day=1) - timedelta(days=730),
                 "end": today + timedelta(days=60)},
            )

    def meetings(self) -> None:
        self.step("meetings (four a year per station, three years) with deputies attending")
        kinds = ["deliberation", "hearing", "voter_meeting", "training"]
        rows = []
        for i, st in enumerate(self.stations):
            for k in range(12):
                starts_at = self.now - timedelta(days=91 * k + i % 30)
                m = Meeting(kind=kinds[k % 4], title=f"B会议{st.code}-{k}", starts_at=starts_at, status="held", node=st)
                m.place_at(st)
                rows.append(m)
        meetings = Meeting.objects.bulk_create(rows, batch_size=5000)
        heads = dict(
            Assignment.objects.filter(role="head", node__code__startswith="BT").values_list("node_id", "deputy_id")
        )
        Attendee.objects.bulk_create(
            (Attendee(meeting=m, kind="deputy", deputy_id=heads[m.node_id],
                      attendance="present" if m.pk % 7 else "absent") for m in meetings if m.node_id in heads),
            batch_size=5000,
        )

    def accounts(self) -> dict:
        """The users the benchmark logs in as, and the objects it looks at."""
        User = get_user_model()
        street = Node.objects.filter(code__startswith="BS").order_by("pk").first()
        district = Node.objects.get(code="BD00")
        station = Node.objects.filter(code__startswith="BT", street=street).order_by("pk").first()
        return {
            "district_user": User.objects.get(username="b_district_BD00"),
            "street_user": User.objects.get(username=f"b_street_{street.code}"),
            "clerk_user": User.objects.get(username=f"b_clerk_{station.code}"),
            "deputy_user": User.objects.get(username="b_deputy"),
            "district": district,
            "street": street,
            "station": station,
        }

