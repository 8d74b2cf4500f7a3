"""Load a realistic, living demo district (龙岗区): network, deputies, voter contacts, one account per
role, handling units, reception days with rotas and logs, and residents' cases in every state.

Deterministic (the plans come from random.Random(2026): deputies/demo_data.py for the network and
people, petitions/demo_data.py for the rest) and idempotent: rows are matched by node code, username,
deputy name + phone, unit name, rule per station, and a case's node + intake time + content; what
exists is left exactly as it is, only what is missing is created, through the same services the
portal uses (so audit rows, events and ancestor columns are right). It lives in the public app, the
top of the import order, because it needs every app below it.

After the cases it seeds each area of meetings and performance (their `demo_*.seed(district=, now=)`:
deliberation meetings, legislative consultations, project votes, reports to voters, point rules and
quotas, station assessments), then runs the deadline sweeps once, so reminders, overdue flags and
escalations show at once.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from deputies import services as deputy_services
from deputies.demo_data import PASSWORD, Plan, build_plan
from deputies.models import Deputy
from liaison.audit import ADDED, record_change
from meetings import demo_consultation, demo_deliberation, demo_reports, demo_votes
from meetings.sweep import sweep_action_items
from performance import demo_assessment, demo_scorecard
from petitions.demo_seed import DemoSeeder
from petitions.sweep import sweep_deadlines
from stations import services as station_services
from stations.models import Node

# Each area's demo, in order: meetings draw on the cases; scorecards and assessments on everything.
AREA_SEEDS = [
    ("deliberation meetings", demo_deliberation.seed),
    ("legislative consultations", demo_consultation.seed),
    ("livelihood-project votes", demo_votes.seed),
    ("reports to voters", demo_reports.seed),
    ("point rules and quotas", demo_scorecard.seed),
    ("station assessments", demo_assessment.seed),
]


class Command(BaseCommand):
    help = "Load a demo district in Chinese (deterministic; running it again creates nothing new)."

    def add_arguments(self, parser):
        parser.add_argument("--streets", type=int, default=8)
        parser.add_argument("--stations-per-street", type=int, default=5)
        parser.add_argument("--points-per-station", type=int, default=3)
        parser.add_argument("--deputies", type=int, default=400)
        parser.add_argument("--cases", type=int, default=300, help="Residents' cases to plan (0: none).")

    def handle(self, *args, **options):
        try:
            plan = build_plan(
                streets=options["streets"],
                stations_per_street=options["stations_per_street"],
                points_per_station=options["points_per_station"],
                deputies=options["deputies"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["cases"] < 0:
            raise CommandError("--cases must be 0 or more.")
        with transaction.atomic():
            admin = self._admin(plan)
            nodes = self._nodes(plan, admin)
            deputies = self._deputies(plan, admin, nodes)
            self._accounts(plan, admin, nodes, deputies)
            seeder = DemoSeeder(plan=plan, admin=admin, nodes=nodes, deputies=deputies, write=self.stdout.write)
            seeder.seed_units()
            seeder.seed_specialties()
            seeder.seed_receptions()
            seeder.seed_cases(options["cases"])
        now = timezone.now()
        district = nodes[plan.district.code]
        for label, seed in AREA_SEEDS:
            with transaction.atomic():
                self.stdout.write(f"{label}: {seed(district=district, now=now)}")
        # The beat runs them every few minutes; once now, so the demo opens with its reminders and
        # overdue cases and action items (a second run the same day records nothing new).
        for line in sweep_deadlines(now=now).lines():
            self.stdout.write(line)
        for line in sweep_action_items(now=now).lines():
            self.stdout.write(line)
        self._summary(plan)

    def _progress(self, label: str, done: int, total: int, new: int) -> None:
        self.stdout.write(f"{label} {done}/{total} ({new} new)")

    def _admin(self, plan: Plan):
        """The superuser acts for every other write; it is the one account created without a service,
        the way `createsuperuser` does, since nobody exists yet to act for it."""
        User = get_user_model()
        account = plan.accounts[0]
        admin = User.objects.filter(username=account.username).first()
        if admin is None:
            admin = User.objects.create_superuser(username=account.username, password=PASSWORD, email="")
            admin.first_name = account.full_name
            admin.save(update_fields=["first_name"])
            record_change(by=admin, obj=admin, action=ADDED, message="seed_demo")
        return admin

    def _nodes(self, plan: Plan, admin) -> dict[str, Node]:
        nodes = {n.code: n for n in Node.objects.filter(code__in=[p.code for p in plan.nodes])}
        for label, group in (
            ("district", [plan.district]),
            ("streets", plan.streets),
            ("stations", plan.stations),
            ("points", plan.points),
        ):
            new = 0
            for p in group:
                if p.code in nodes:
                    continue
                parent = nodes[p.parent_code] if p.parent_code else None
                communities = [
                    station_services.community_get_or_create(street=parent, name=name) for name in p.communities
                ]
                node = station_services.node_create(
                    by=admin, kind=p.kind, parent=parent, name=p.name, code=p.code, communities=communities, **p.fields
                )
                if p.checks:
                    station_services.standards_set(by=admin, node=node, items=p.checks)
                nodes[p.code] = node
                new += 1
            self._progress(label, len(group), len(group), new)
        return nodes

    def _deputies(self, plan: Plan, admin, nodes: dict[str, Node]) -> list[Deputy]:
        district = nodes[plan.district.code]
        existing = {(d.name, d.phone): d for d in Deputy.objects.filter(district=district)}
        tags = {s.name: s for s in deputy_services.specialties_from_names({t for d in plan.deputies for t in d.tags})}
        result, new, total = [], 0, len(plan.deputies)
        for n, p in enumerate(plan.deputies, start=1):
            deputy = existing.get((p.name, p.phone))
            if deputy is None:
                deputy = self._deputy_create(p, admin, district, nodes, tags)
                new += 1
            result.append(deputy)
            if n % 100 == 0 or n == total:
                self._progress("deputies", n, total, new)
        assigned = total - len(plan.unassigned)
        self.stdout.write(f"  {assigned} assigned to a station or point, {len(plan.unassigned)} left unassigned")
        return result

    def _deputy_create(self, p, admin, district, nodes, tags) -> Deputy:
        deputy = deputy_services.deputy_create(
            by=admin,
            specialties=[tags[t] for t in p.tags],
            name=p.name,
            gender=p.gender,
            level=p.level,
            district=district,
            street=nodes[p.street_code],
            electoral_district=p.electoral_district,
            profession=p.profession,
            is_leader=p.is_leader,
            phone=p.phone,
            bio=p.bio,
            term_start=p.term_start,
            term_end=p.term_end,
        )
        for code, role in p.assignments:
            deputy_services.assignment_add(by=admin, deputy=deputy, node=nodes[code], role=role, since=p.term_start)
        for name, phone, community, note in p.voters:
            deputy_services.voter_contact_save(
                by=admin, deputy=deputy, name=name, phone=phone, community=community, note=note
            )
        return deputy

    def _accounts(self, plan: Plan, admin, nodes, deputies) -> None:
        User = get_user_model()
        existing = set(
            User.objects.filter(username__in=[a.username for a in plan.accounts]).values_list("username", flat=True)
        )
        new = 0
        for account in plan.accounts[1:]:
            if account.username in existing:
                continue
            user = station_services.user_create(
                by=admin,
                username=account.username,
                # None: an unusable password, set later by the district office.
                password=PASSWORD if account.login else None,
                first_name=account.full_name,
            )
            if account.node_code:
                station_services.position_grant(by=admin, user=user, node=nodes[account.node_code])
            if account.deputy_index is not None:
                deputy = deputies[account.deputy_index]
                if deputy.user_id is None:
                    deputy_services.deputy_update(by=admin, deputy=deputy, user=user)
            new += 1
        self._progress("accounts", len(plan.accounts), len(plan.accounts), new)

    def _summary(self, plan: Plan) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Accounts (password {PASSWORD}):"))
        for account in plan.accounts:
            if not account.login:
                continue
            where = account.node_code or ("—" if account.deputy_index is None else account.full_name)
            self.stdout.write(f"  {account.username:<10} {account.role:<15} {where}")
        others = sum(1 for a in plan.accounts if not a.login)
        self.stdout.write(
            f"  and {others} more street staff and station clerk accounts with no password yet "
            "(set one on the user accounts page)."
        )
