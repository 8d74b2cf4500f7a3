"""Carry out the cases-and-receptions half of the demo plan (petitions/demo_data.py) through the
portal's own services: handling units, category ↔ specialty links, reception rules and days with
their rotas and logs, then every case walked step by step through the lifecycle.

Idempotent: units match by name, rules by node (a station with a rule gets no other), reception days
by (rule, rule date) in the services themselves, logs by the reception's status, and cases by
(node, received_at, content) — the plan fixes each case's intake time, so a second run finds every
case it planned and walks none of them again.

The services stamp their events with the clock; demo cases walked today would all look alike, so
after each walk the timeline's times are set to the planned ones with one bulk update (demo data
only). Services that take `now` get it (referral, rating, reception log), so sent dates, review
deadlines and logged days are real.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies import duty_services
from deputies import services as deputy_services
from deputies.demo_data import Plan
from deputies.models import Deputy, Duty
from liaison.audit import CHANGED, record_change
from liaison.workdays import WorkCalendar
from petitions import demo_data as demo
from petitions import demo_receptions as days
from petitions import reception_log, services
from petitions.demo_texts import NOTES
from petitions.models import Category, HandlingUnit, Petition, PetitionEvent, Review
from stations import reception_services
from stations.models import Community, Node, Reception, ReceptionRule

RATING_COMMENTS = {"satisfied": "rate_satisfied", "mostly": "rate_mostly", "unsatisfied": "rate_unsat"}


class DemoSeeder:
    """One run: `seed_units()`, `seed_specialties()`, `seed_receptions()`, `seed_cases(n)`, in that
    order, inside the caller's transaction; `write` prints a progress line."""

    def __init__(self, *, plan: Plan, admin, nodes: dict[str, Node], deputies: list[Deputy], write: Callable):
        self.plan, self.admin, self.nodes, self.deputies, self.write = plan, admin, nodes, deputies, write
        self.district = nodes[plan.district.code]
        users = {
            u.username: u for u in get_user_model().objects.filter(username__in=[a.username for a in plan.accounts])
        }
        self.clerk_of = {a.node_code: users[a.username] for a in plan.accounts if a.role == "clerk"}
        self.staff_of = {a.node_code: users[a.username] for a in plan.accounts if a.role == "street_staff"}
        self.district_user = users["district"]
        self.deputy_user = users["deputy"]
        self.demo_deputy = next(a.deputy_index for a in plan.accounts if a.username == "deputy")
        self.anchor = self._anchor()
        self.units: dict[str, HandlingUnit] = {}
        self.rows: list[days.ReceptionRow] = []
        self.outcomes: dict[int, str] = {}

    def _anchor(self):
        """The day the demo's receptions and cases were first seeded (the first seeded rule), else today."""
        first = ReceptionRule.objects.filter(
            node__code__in=[s.code for s in self.plan.stations], created_by=self.admin
        ).aggregate(at=Min("created_at"))["at"]
        return timezone.localdate(first) if first else timezone.localdate()

    # Units and specialties ---------------------------------------------------------------------

    def seed_units(self) -> None:
        existing = {u.name: u for u in HandlingUnit.objects.filter(district=self.district)}
        planned, new = demo.unit_plans(self.plan), 0
        for p in planned:
            if p.name not in existing:
                existing[p.name] = services.unit_create(
                    by=self.admin,
                    district=self.district,
                    name=p.name,
                    kind=p.kind,
                    street=self.nodes[p.street_code] if p.street_code else None,
                    contact_person=p.contact_person,
                    phone=p.phone,
                )
                new += 1
        self.units = existing
        self.progress("handling units", len(planned), len(planned), new)

    def seed_specialties(self) -> None:
        """Link categories to the specialties that fit them, so assignment suggestions make sense.
        No service owns this link (the admin edits it): added here with an audit row like the admin's."""
        categories = {c.name: c for c in Category.objects.prefetch_related("specialties")}
        new = 0
        for name, tags in demo.category_specialties().items():
            category = categories.get(name)
            if category is None:
                continue
            have = {s.pk for s in category.specialties.all()}
            missing = [s for s in deputy_services.specialties_from_names(tags) if s.pk not in have]
            if missing:
                category.specialties.add(*missing)
                names = "、".join(s.name for s in missing)
                message = _("Matching specialties added: %(names)s") % {"names": names}
                record_change(by=self.admin, obj=category, action=CHANGED, message=message)
                new += 1
        total = len(demo.category_specialties())
        self.progress("category specialties", total, total, new)

    # Receptions --------------------------------------------------------------------------------

    def seed_receptions(self) -> None:
        start, end = days.window(self.anchor)
        stations = [self.nodes[s.code] for s in self.plan.stations]
        with_rule = set(ReceptionRule.objects.filter(node__in=stations).values_list("node_id", flat=True))
        planned, new = days.rule_plans(self.plan, self.anchor), 0
        for p in planned:
            node = self.nodes[p.station_code]
            if node.pk not in with_rule:
                reception_services.rule_create(by=self.admin, node=node, **p.fields)
                new += 1
        self.progress("reception rules", len(planned), len(planned), new)

        rules = list(ReceptionRule.objects.filter(node__in=stations, is_active=True).select_related("node"))
        calendar = WorkCalendar.for_years(range(start.year, end.year + 2))
        created = 0
        for rule in rules:
            created += reception_services.receptions_generate(
                rule=rule, today=start, until=end, by=self.admin, calendar=calendar
            ).created
        receptions = list(
            Reception.objects.filter(rule__in=rules, rule_date__range=(start, end))
            .select_related("node", "station")
            .order_by("date", "start_time", "id")
        )
        code_of = {n.pk: n.code for n in stations}
        self.rows = [
            days.ReceptionRow(r.pk, code_of[r.station_id], r.rule_date, r.date, r.start_time, r.end_time)
            for r in receptions
        ]
        self.outcomes = days.reception_outcomes(self.rows, self.anchor, self.plan)
        self._rotas(receptions)
        self._cancel(receptions)
        self._topics(receptions)
        counts = {k: list(self.outcomes.values()).count(k) for k in ("held", "left", "cancel", "planned")}
        self.progress("receptions", len(receptions), len(receptions), created)
        self.write(
            f"  {counts['held']} held, {counts['left']} past but not logged, {counts['cancel']} cancelled, "
            f"{counts['planned']} from {self.anchor.isoformat()} on"
        )

    def progress(self, label: str, done: int, total: int, new: int) -> None:
        self.write(f"{label} {done}/{total} ({new} new)")

    def _rotas(self, receptions: list[Reception]) -> None:
        staffed = set(Duty.objects.filter(reception__in=receptions).values_list("reception_id", flat=True))
        by_station = days.station_deputies(self.plan)
        seen: dict[str, int] = {}
        for reception in sorted(receptions, key=lambda r: (r.station_id, r.rule_date, r.pk)):
            code = reception.station.code
            k = seen[code] = seen.get(code, -1) + 1
            if reception.pk in staffed or reception.status != Reception.Status.PLANNED:
                continue
            on_duty = [self.deputies[i] for i in days.rota(self.plan, code, k, by_station[code])]
            if on_duty:
                duty_services.duty_assign(reception=reception, deputies=on_duty, by=self.clerk_of[code])

    def _cancel(self, receptions: list[Reception]) -> None:
        for reception in receptions:
            if self.outcomes[reception.pk] == "cancel" and reception.status == Reception.Status.PLANNED:
                reception_services.reception_cancel(
                    reception=reception, reason=NOTES["cancel"][0], by=self.clerk_of[reception.station.code]
                )
                reception.status = Reception.Status.CANCELLED

    def _topics(self, receptions: list[Reception]) -> None:
        """Topics residents sent in ahead of the next two weeks' reception days (and a booking)."""
        soon = [
            r
            for r in receptions
            if self.outcomes[r.pk] == "planned"
            and max(self.anchor, timezone.localdate()) <= r.date <= self.anchor + timedelta(days=14)
            and not r.topics.exists()
        ]
        for n, reception in enumerate(soon):
            text = NOTES["topic"][n % len(NOTES["topic"])]
            reception_services.topic_submit(reception=reception, text=text, name="", phone="")
            slot = reception.slots.order_by("start_time").first()
            if slot is not None and not slot.booked:
                reception_services.booking_create(slot=slot, name="陈女士", phone="13600000000", topic=text)

    # Cases ---------------------------------------------------------------------------------------

    def seed_cases(self, count: int) -> None:
        held = [row for row in self.rows if self.outcomes.get(row.pk) == "held"]
        cases = demo.build_cases(self.plan, self.anchor, count, held)
        self._prepare_lookups()
        existing = {
            (code, at, content): pk
            for code, at, content, pk in Petition.objects.filter(district=self.district).values_list(
                "node__code", "received_at", "content", "pk"
            )
        }
        self.made: dict[int, int] = {}  # case key → Petition pk
        new = 0
        receptions = {r.pk: r for r in Reception.objects.filter(pk__in=[row.pk for row in held])}
        for n, case in enumerate(cases, start=1):
            pk = existing.get((case.node_code, case.received_at, case.content))
            if pk is not None:
                self.made[case.key] = pk
            elif case.reception_pk is not None:
                new += self._log_reception(receptions[case.reception_pk], cases, existing)
            else:
                petition = self._create(case)
                self._walk(case, petition)
                new += 1
            if n % 100 == 0 or n == len(cases):
                self.progress("cases", n, len(cases), new)
        if not cases:
            self.progress("cases", 0, 0, 0)
        self._log_remaining(receptions.values())

    def _prepare_lookups(self) -> None:
        self.categories = {c.name: c for c in Category.objects.all()}
        self.communities = {
            (c.street_id, c.name): c
            for c in Community.objects.filter(street__in=[self.nodes[s.code] for s in self.plan.streets])
        }
        self.street_office = {u.street_id: u for u in self.units.values() if u.kind == HandlingUnit.Kind.STREET_OFFICE}

    def _create(self, case: demo.CasePlan) -> Petition:
        node = self.nodes[case.node_code]
        if case.channel == "online":
            by = None
        elif case.channel == "deputy" and case.reported_by_index == self.demo_deputy:
            by = self.deputy_user
        else:
            by = self.clerk_of[case.station_code]
        return services.petition_create(
            by=by,
            node=node,
            channel=case.channel,
            resident_name=case.resident_name,
            resident_phone=case.resident_phone,
            category=self.categories[case.category],
            content=case.content,
            grade=case.grade,
            community=self.communities.get((node.street_id, case.community)),
            place=case.place,
            hide_name_from_deputy=case.hide_name,
            reported_by=self.deputies[case.reported_by_index] if case.reported_by_index is not None else None,
            received_at=case.received_at,
        )

    def _log_reception(self, reception: Reception, cases, existing) -> int:
        """Log a held reception day with the issues raised at it: they become cases (assigned at
        once), then each walks on. Returns how many cases it made."""
        if reception.status not in reception_log.LOGGABLE:
            return 0
        mine = [
            c
            for c in cases
            if c.reception_pk == reception.pk and (c.node_code, c.received_at, c.content) not in existing
        ]
        row = next(r for r in self.rows if r.pk == reception.pk)
        duties = list(reception_log.duties_of(reception))
        log = days.log_plan(row, len(duties), len(mine))
        issues = [
            reception_log.IssueInput(
                resident_name=c.resident_name,
                resident_phone=c.resident_phone,
                category=self.categories[c.category],
                content=c.content,
                community=self.communities.get((reception.street_id, c.community)),
                deputy=self.deputies[c.deputy_index] if c.deputy_index is not None else None,
                hide_name_from_deputy=c.hide_name,
            )
            for c in mine
        ]
        created = reception_log.reception_log_submit(
            reception=reception,
            by=self.clerk_of[row.station_code],
            residents_received=log.residents_received,
            notes=log.notes,
            issues=issues,
            attendance={d.pk: mark for d, mark in zip(duties, log.attendance, strict=True)},
            now=datetime.combine(row.date, row.end_time, tzinfo=demo.CHINA),
        )
        reception.status = Reception.Status.HELD
        for case, petition in zip(mine, created, strict=True):
            self._walk(case, petition, logged=True)
        return len(created)

    def _log_remaining(self, receptions) -> None:
        """Held reception days where no case was raised: logged with the count of residents only."""
        for reception in sorted(receptions, key=lambda r: (r.date, r.pk)):
            if reception.status in reception_log.LOGGABLE:
                self._log_reception(reception, [], {})

    # The walk ------------------------------------------------------------------------------------

    def _walk(self, case: demo.CasePlan, petition: Petition, *, logged: bool = False) -> None:
        """Take the case through its planned steps, then set its timeline to the planned times."""
        self.made[case.key] = petition.pk
        for action, at in case.steps:
            if action == "assign" and logged:
                continue  # the reception log assigned it
            getattr(self, f"_do_{action}")(case, petition, at)
        times = [case.received_at, *(at for _action, at in case.steps)]
        events = list(PetitionEvent.objects.filter(petition=petition).order_by("id").only("id", "at"))
        if len(events) == len(times):
            for event, at in zip(events, times, strict=True):
                event.at = at
            PetitionEvent.objects.bulk_update(events, ["at"])
        Petition.objects.filter(pk=petition.pk).update(created_at=case.received_at, updated_at=times[-1])

    def _clerk(self, case):
        return self.clerk_of[case.station_code]

    def _deputy_or_clerk(self, case):
        return self.deputy_user if case.deputy_index == self.demo_deputy else self._clerk(case)

    def _do_assign(self, case, petition, at):
        services.petition_assign(petition=petition, deputy=self.deputies[case.deputy_index], by=self._clerk(case))

    def _do_resolve(self, case, petition, at):
        services.petition_resolve(
            petition=petition, by=self._deputy_or_clerk(case), resolution=case.texts["resolution"]
        )

    def _do_refer(self, case, petition, at):
        common = {"petition": petition, "deputy_opinion": case.texts["deputy_opinion"], "now": at}
        if case.route == "district":
            services.petition_refer(
                **common,
                by=self.district_user,
                unit=self.units[case.unit_name],
                route="district",
                district_opinion=case.texts["district_opinion"],
            )
        else:
            services.petition_refer(
                **common,
                by=self.staff_of[case.street_code],
                unit=self.street_office[petition.street_id],
                route="street",
                street_opinion=case.texts["street_opinion"],
            )

    def _do_acknowledge(self, case, petition, at):
        services.referral_acknowledge(
            petition=petition, by=self._clerk(case), received_on=at.date(), received_by_name=case.texts["receiver"]
        )

    def _do_reply(self, case, petition, at, *, text=None, reply_class=None):
        services.petition_reply(
            petition=petition,
            by=self._clerk(case),
            reply_text=text or case.texts["reply"],
            reply_class=reply_class or case.reply_class,
            replied_on=at.date(),
        )

    def _do_rereply(self, case, petition, at):
        self._do_reply(case, petition, at, text=case.texts["rereply"], reply_class="A")
        Review.objects.filter(petition=petition, closed_at__isnull=False).update(closed_at=at)

    def _do_inform(self, case, petition, at):
        services.petition_inform(petition=petition, by=self._deputy_or_clerk(case), note=case.texts["inform"])

    def _do_rate(self, case, petition, at, *, rating=None):
        rating = rating or case.rating
        comment = case.texts[RATING_COMMENTS[rating]]
        by = None if case.key % 3 == 0 else self._clerk(case)  # a third rate online themselves
        services.petition_rate(petition=petition, rating=rating, comment=comment, by=by, now=at)

    def _do_rate_unsat(self, case, petition, at):
        self._do_rate(case, petition, at, rating=Petition.Rating.UNSATISFIED)

    def _do_close(self, case, petition, at):
        services.petition_close(petition=petition, by=self._clerk(case), note=case.texts["close"])

    def _do_withdraw(self, case, petition, at):
        services.petition_withdraw(petition=petition, by=self._clerk(case), reason=case.texts["withdraw"])

    def _do_escalate(self, case, petition, at):
        services.petition_escalate(petition=petition, by=self.staff_of[case.street_code], note=case.texts["escalate"])

    def _do_extend(self, case, petition, at):
        referral = petition.referrals.get(is_current=True)
        services.referral_extend(
            petition=petition,
            by=self.district_user,
            new_due_on=referral.received_on + relativedelta(months=5),
            reason=case.texts["extend"],
        )

    def _do_merge(self, case, petition, at):
        into = Petition.objects.get(pk=self.made[case.twin])
        services.petition_merge(petition=petition, into=into, by=self._clerk(case))
        # The note it leaves on the case it joined: at the same time.
        PetitionEvent.objects.filter(petition=into, action="comment", data__merged=petition.tracking_no).update(at=at)
