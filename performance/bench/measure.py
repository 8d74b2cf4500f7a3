"""Time the pages that must stay fast on the benchmark dataset, beside a bare page measured in the same run.

Each page is requested `repeat` times (after one warm-up) by the Django test client as the role that uses
it; we record wall-clock latency (p50, p95) and the number of SQL queries. The ratio to the bare page
(login required, the portal's page shell, nothing else) is the figure that travels between machines.
The deadline sweep runs inside a transaction that is rolled back, so every repetition does the same work.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.shortcuts import render
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone

README = Path(settings.BASE_DIR) / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


@login_required
def bare(request):
    return render(request, "performance/bench_bare.html")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include("liaison.urls"))]


@dataclass
class Result:
    name: str
    who: str
    p50: float
    p95: float
    queries: int
    note: str = ""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class QueryCounter:
    """Counts SQL statements (connection.execute_wrapper: no DEBUG, no query log kept in memory)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _time(call: Callable[[], object], repeat: int) -> tuple[list[float], int]:
    call()  # warm-up: caches, prepared plans
    times, queries = [], 0
    for _ in range(repeat):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = counter.count
    return times, queries


def _page(client: Client, url: str) -> Callable[[], object]:
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response

    return get


def _url(name: str, *args, query: str = "") -> str | None:
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return None


def pages(accounts: dict) -> list[tuple[str, str, str | None]]:
    """(what, who, url) for every page measured; who is a key of `accounts`."""
    street, station = accounts["street"], accounts["station"]
    deputy_id = accounts["deputy_user"].deputy.pk
    return [
        ("bare login-required page (baseline)", "street_user", "/bench/bare/"),
        ("dashboard, street", "street_user", _url("performance:dashboard")),
        ("dashboard, district", "district_user", _url("performance:dashboard")),
        ("department compliance, district", "district_user", _url("performance:compliance")),
        ("case list, street, filtered (awaiting reply, overdue)", "street_user",
         _url("petitions:list", query="status=referred&status=acknowledged&overdue=on")),
        ("case list, district, filtered (station, category)", "district_user",
         _url("petitions:list", query=f"station={station.pk}&received_after=2026-01-01")),
        ("case list, district, page 50", "district_user", _url("petitions:list", query="page=50")),
        ("deputy list, district", "district_user", _url("deputies:list")),
        ("deputy list, street", "street_user", _url("deputies:list", query=f"street={street.pk}")),
        ("scorecards of all deputies, district", "district_user", _url("performance:scorecard_list")),
        ("scorecards of all deputies, street", "street_user", _url("performance:scorecard_list")),
        ("scorecard of one deputy", "district_user", _url("performance:scorecard_detail", deputy_id)),
        ("clerk home", "clerk_user", _url("petitions:clerk_home")),
        ("meetings list, district", "district_user", _url("meetings:list")),
    ]


def _sweep(due_for_sweep: int, repeat: int) -> Result:
    from petitions.sweep import sweep_deadlines

    times, queries, created = [], 0, 0
    for i in range(repeat + 1):
        counter = QueryCounter()
        with transaction.atomic(), connection.execute_wrapper(counter):
            started = time.perf_counter()
            report = sweep_deadlines(now=timezone.now())
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        if i:  # the first is the warm-up
            times.append(elapsed)
            queries = counter.count
            created = sum(report.steps.values())
    note = f"{due_for_sweep:,} cases due; {created:,} steps recorded per run" if created else ""
    return Result("deadline sweep", "beat", _percentile(times, 0.5), _percentile(times, 0.95), queries, note)


def measure_all(accounts: dict, *, size, repeat: int, progress=print) -> list[Result]:
    results = []
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], DEBUG=False):
        clients = {}
        for key in ("street_user", "district_user", "clerk_user", "deputy_user"):
            clients[key] = Client()
            clients[key].force_login(accounts[key])
        for what, who, url in pages(accounts):
            if url is None:
                progress(f"  skipped (no such page yet): {what}")
                continue
            times, queries = _time(_page(clients[who], url), repeat)
            results.append(Result(what, who, _percentile(times, 0.5), _percentile(times, 0.95), queries))
            progress(f"  {what}: p50 {results[-1].p50:.0f} ms, {queries} queries")
    results.append(_sweep(size.due_for_sweep, max(2, repeat // 5)))
    progress(f"  deadline sweep: p50 {results[-1].p50:.0f} ms, {results[-1].queries} queries")
    return results


def render_table(results: list[Result], *, size) -> str:
    bare_p50 = results[0].p50 if results and "baseline" in results[0].name else None
    counts = {
        "cases": _count("petitions_petition"),
        "deputies": _count("deputies_deputy"),
        "nodes": _count("stations_node"),
        "referrals": _count("petitions_referral"),
    }
    lines = [
        f"Dataset: {counts['nodes']:,} network nodes, {counts['deputies']:,} deputies, {counts['cases']:,} cases, "
        f"{counts['referrals']:,} referrals (PostgreSQL {_pg_version()}; Python {platform.python_version()}; "
        f"{timezone.localdate():%Y-%m-%d}).",
        "",
        "| page | as | p50 ms | p95 ms | SQL queries | p50 ÷ bare page |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = f"{r.p50 / bare_p50:.1f}×" if bare_p50 else ""
        who = r.who.replace("_user", "").replace("_", " ")
        name = f"{r.name} ({r.note})" if r.note else r.name
        lines.append(f"| {name} | {who} | {r.p50:.0f} | {r.p95:.0f} | {r.queries} | {ratio} |")
    return "\n".join(lines) + "\n"


def _pg_version() -> str:
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        return cur.fetchone()[0].split()[0]


def _count(table: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  (fixed table names above)
        return cur.fetchone()[0]


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"README.md has no {START} … {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")
