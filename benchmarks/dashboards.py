"""Dashboards (驾驶舱) at city scale: p50/p95 of every dashboard and drill-down page, read from the
pre-aggregated tables, and the same figures computed by a naive query over the raw appeals (the ratio).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/linli_bench_dash \\
        .venv/bin/python -m benchmarks.dashboards [--districts 20] [--appeals-per-district 750000] [--no-write]

The city: ``--districts`` 区 of 13 街道, 150 社区 and 1,000 小区 each (20 districts ≈ Chengdu: 260 街道,
3,000 社区, 20,000 小区). One district gets its year of raw appeals (15 million a year for the city ÷ 20)
and the real nightly rollup (``refresh_appeals``, timed); the rollup rows of the other districts are copies of
the first one's under their own codes, so the pre-aggregated tables have the city's size. Every page is
fetched in-process through the whole stack (middleware, session, policy, templates) by a 区级管理员, against
the same stack's bare ``/healthz`` (the limit). Writes its section of docs/performance.md. The suite runs
``measure`` on a tiny city."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from .common import fresh_postgres, page_table, summary, timed, write_generated

ROOT = Path(__file__).resolve().parent.parent
GOAL_P95_MS = 200.0
STREETS, COMMUNITIES_PER_STREET, COMPOUNDS_PER_COMMUNITY = 13, 12, 7  # ≈ 150 社区, 1,000 小区 per 区


def build_city(
    districts: int,
    appeals: int,
    *,
    streets=STREETS,
    communities=COMMUNITIES_PER_STREET,
    compounds=COMPOUNDS_PER_COMMUNITY,
    seed: int = 7,
) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from linli.appeals.choices import Channel, Level, Satisfaction, Status
    from linli.appeals.models import Appeal, Category
    from linli.dashboards import refresh
    from linli.dashboards.figures import METRICS
    from linli.dashboards.models import AppealBreakdown, AppealDaily, Figure
    from linli.places.choices import PlaceLevel
    from linli.places.models import Place

    rng = random.Random(seed)
    t0 = time.monotonic()
    nodes: list[Place] = []
    with transaction.atomic():
        for d in range(1, districts + 1):
            district = Place.objects.create(code=f"5101{d:02d}", name=f"第{d}区", level=PlaceLevel.DISTRICT)
            nodes.append(district)
            for s in range(1, streets + 1):
                street = Place.objects.create(
                    code=f"{district.code}{s:03d}",
                    name=f"第{d}区第{s}街道",
                    level=PlaceLevel.STREET,
                    parent=district,
                )
                nodes.append(street)
                for c in range(1, communities + 1):
                    community = Place.objects.create(
                        code=f"{street.code}{c:03d}",
                        name=f"{street.name}第{c}社区",
                        level=PlaceLevel.COMMUNITY,
                        parent=street,
                    )
                    nodes.append(community)
                    nodes += Place.objects.bulk_create(
                        Place(
                            code=f"{community.code}{k:03d}",
                            name=f"{community.name}第{k}小区",
                            level=PlaceLevel.COMPOUND,
                            parent=community,
                        )
                        for k in range(1, compounds + 1)
                    )
    places_seconds = time.monotonic() - t0

    first = nodes[0]
    compounds_1 = [p for p in nodes if p.level == PlaceLevel.COMPOUND and p.code.startswith(first.code)]
    categories = list(Category.objects.filter(parent__isnull=False)) or list(Category.objects.all())
    channels = [Channel.SELF_SERVICE, Channel.HOTLINE, Channel.ON_BEHALF, Channel.VISIT, Channel.PATROL]
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    t0 = time.monotonic()
    per_day = max(1, appeals // 365)
    made = 0
    for back in range(365):
        day = today - timedelta(days=back)
        at = datetime.combine(day, datetime.min.time(), tzinfo=tz) + timedelta(hours=9)
        rows = []
        for _ in range(per_day):
            place = rng.choice(compounds_1)
            status = rng.choices(
                [Status.RATED, Status.CLOSED, Status.IN_PROGRESS, Status.DISPATCHED, Status.INVALID],
                [50, 25, 12, 8, 5],
            )[0]
            closed = status in (Status.RATED, Status.CLOSED)
            rows.append(
                Appeal(
                    channel=rng.choice(channels),
                    category=rng.choice(categories) if categories else None,
                    text="楼道灯坏了，晚上看不见",
                    place=place,
                    place_code=place.code,
                    status=status,
                    dispatched_at=at if status != Status.INVALID else None,
                    sign_due=at + timedelta(days=1),
                    signed_at=at + timedelta(hours=rng.choice([2, 5, 30]))
                    if status != Status.INVALID
                    else None,
                    handle_due=at + timedelta(days=7),
                    replied_at=at + timedelta(days=rng.choice([1, 3, 9])) if closed else None,
                    closed_at=at + timedelta(days=4) if closed else None,
                    closed_level=Level.COMMUNITY if closed else None,
                    reply="已处理" if closed else "",
                    satisfaction=rng.choice(
                        [Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED]
                    )
                    if status == Status.RATED
                    else "",
                )
            )
        with transaction.atomic():
            created = Appeal.objects.bulk_create(rows, batch_size=2000)
            Appeal.objects.filter(pk__in=[a.pk for a in created]).update(submitted_at=at)
        made += len(rows)
    appeals_seconds = time.monotonic() - t0

    t0 = time.monotonic()
    refresh.refresh_appeals(start=today - timedelta(days=364), end=today)
    rollup_seconds = time.monotonic() - t0

    # the other districts: the first one's rollup rows under their own codes
    t0 = time.monotonic()
    daily_cols = [f.column for f in AppealDaily._meta.concrete_fields if f.column not in ("id", "code")]
    cols = ", ".join(daily_cols)
    with connection.cursor() as cursor, transaction.atomic():
        for d in range(2, districts + 1):
            prefix = f"5101{d:02d}"
            cursor.execute(
                f"INSERT INTO {AppealDaily._meta.db_table} (code, {cols}) "
                f"SELECT %s || substr(code, 7), {cols} FROM {AppealDaily._meta.db_table} WHERE code LIKE %s",
                [prefix, f"{first.code}%"],
            )
            cursor.execute(
                f"INSERT INTO {AppealBreakdown._meta.db_table} (code, day, dimension, key, count) "
                f"SELECT %s || substr(code, 7), day, dimension, key, count "
                f"FROM {AppealBreakdown._meta.db_table} WHERE code LIKE %s",
                [prefix, f"{first.code}%"],
            )
    now = timezone.now()
    figures = []
    for node in nodes:
        for metric in METRICS:
            if metric.unit == "%":
                den = rng.randint(50, 5000)
                num = rng.randint(0, den)
                value = num * 100 / den
            else:
                num, den, value = rng.randint(0, 5000), None, None
            figures.append(
                Figure(
                    code=node.code,
                    metric=metric.key,
                    value=value if value is not None else num,
                    numerator=num,
                    denominator=den,
                    computed_at=now,
                )
            )
    Figure.objects.bulk_create(figures, batch_size=5000)
    copy_seconds = time.monotonic() - t0
    sizes = {
        "districts": districts,
        "streets": sum(1 for n in nodes if n.level == PlaceLevel.STREET),
        "communities": sum(1 for n in nodes if n.level == PlaceLevel.COMMUNITY),
        "compounds": sum(1 for n in nodes if n.level == PlaceLevel.COMPOUND),
        "appeals": made,
        "daily_rows": AppealDaily.objects.count(),
        "breakdown_rows": AppealBreakdown.objects.count(),
        "figure_rows": Figure.objects.count(),
        "places_seconds": places_seconds,
        "appeals_seconds": appeals_seconds,
        "rollup_seconds": rollup_seconds,
        "copy_seconds": copy_seconds,
    }
    import json

    out = ROOT / "var" / "bench-dashboards"
    out.mkdir(parents=True, exist_ok=True)
    (out / "city.json").write_text(json.dumps(sizes))
    return sizes


def city_sizes() -> dict:
    """The sizes of the city already in the database (``--measure-only``); build times are not known."""
    import json

    return json.loads((ROOT / "var" / "bench-dashboards" / "city.json").read_text())


def _viewer():
    from linli.accounts.models import RoleAssignment, User
    from linli.core.roles import Role
    from linli.places.choices import PlaceLevel
    from linli.places.models import Place

    district = Place.objects.filter(level=PlaceLevel.DISTRICT, code__startswith="5101").order_by("code")[0]
    user, _ = User.objects.get_or_create(phone="13899990001", defaults={"name": "基准区管理员"})
    if not user.assignments.exists():
        RoleAssignment.objects.create(
            user=user, role=Role.DISTRICT_ADMIN, place=district, valid_from=district_since()
        )
    return user, district


def district_since():
    from django.utils import timezone

    return timezone.localdate() - timedelta(days=400)


def _pages(district) -> list[tuple[str, str]]:
    from linli.places.choices import PlaceLevel
    from linli.places.models import Place

    street = Place.objects.filter(parent=district, level=PlaceLevel.STREET).order_by("code")[0]
    community = Place.objects.filter(parent=street, level=PlaceLevel.COMMUNITY).order_by("code")[0]
    compound = Place.objects.filter(parent=community, level=PlaceLevel.COMPOUND).order_by("code")[0]
    node = "/dashboards/{}/"
    return [
        ("驾驶舱入口（转到本人辖区）", "/dashboards/"),
        ("区驾驶舱（本月）", node.format(district.code)),
        ("区驾驶舱（本年）", node.format(district.code) + "?period=year"),
        ("区驾驶舱（本年，老旧小区）", node.format(district.code) + "?period=year&kind=old"),
        ("街道驾驶舱（本年）", node.format(street.code) + "?period=year"),
        ("社区驾驶舱（本年）", node.format(community.code) + "?period=year"),
        ("小区驾驶舱（本年）", node.format(compound.code) + "?period=year"),
        ("区：下级评比（本月）", f"/dashboards/{district.code}/rankings/"),
        ("社区：下级与网格评比（本月）", f"/dashboards/{community.code}/rankings/"),
    ]


def measure(*, repeats: int = 20) -> dict:
    from django.test import Client
    from django.utils import timezone

    from linli.appeals.measures import counts_for
    from linli.appeals.models import Appeal
    from linli.dashboards import selectors
    from linli.dashboards.selectors import Filters

    user, district = _viewer()
    client = Client()
    client.force_login(user)
    bare = Client()
    limit = summary(timed(lambda: bare.get("/healthz"), repeats * 2))
    rows = []
    for label, path in _pages(district):

        def fetch(path=path):
            response = client.get(path, follow=True)  # the entry page redirects to the viewer's own node
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")

        stats = summary(timed(fetch, repeats))
        rows.append({"page": label, "path": path, **stats, "ratio_p50": stats["p50"] / limit["p50"]})

    today = timezone.localdate()
    year = Filters(start=today - timedelta(days=364), end=today)
    tz = timezone.get_current_timezone()
    lo = datetime.combine(year.start, datetime.min.time(), tzinfo=tz)
    rollup = summary(timed(lambda: selectors.appeal_counts(district, year), max(5, repeats // 2)))
    naive = summary(
        timed(
            lambda: counts_for(
                Appeal.objects.filter(place_code__startswith=district.code, submitted_at__gte=lo)
            ),
            max(3, repeats // 5),
        )
    )
    same = selectors.appeal_counts(district, year) == counts_for(
        Appeal.objects.filter(place_code__startswith=district.code, submitted_at__gte=lo)
    )
    return {
        "limit": limit,
        "pages": rows,
        "goal_p95_ms": GOAL_P95_MS,
        "rollup": rollup,
        "naive": naive,
        "same_counts": same,
    }


def render(city: dict, result: dict) -> str:
    from django.db import connection

    from .run import machine

    lim = result["limit"]
    lines = [
        f"### Dashboards at city scale ({time.strftime('%Y-%m-%d')})",
        "",
        f"Machine: {machine()}. Database: {connection.vendor}. A city of {city['districts']} 区, "
        f"{city['streets']:,} 街道, {city['communities']:,} 社区, {city['compounds']:,} 小区; "
        f"{city['appeals']:,} raw appeals of the last year in the first 区 (the city's 15 million a year ÷ "
        f"{city['districts']}), rolled up by the real nightly `refresh_appeals` in "
        f"{city['rollup_seconds']:.0f} s; the pre-aggregated tables at city size: "
        f"{city['daily_rows']:,} `AppealDaily`, {city['breakdown_rows']:,} `AppealBreakdown`, "
        f"{city['figure_rows']:,} `Figure` rows (build: places {city['places_seconds']:.0f} s, appeals "
        f"{city['appeals_seconds']:.0f} s, copies {city['copy_seconds']:.0f} s; not counted).",
        "",
        f"Limit measured in the same run: the bare `/healthz` through the same stack, p50 {lim['p50']:.2f} ms, "
        f"p95 {lim['p95']:.2f} ms. Goal: every page p95 < {result['goal_p95_ms']:.0f} ms. Viewer: a 区级管理员.",
        "",
        *page_table(result),
    ]
    r, n = result["rollup"], result["naive"]
    lines += [
        "",
        "The district's appeal counts of a year (every `Counts` field, the base of 三率 and the other rates):",
        "",
        "| computed from | p50 ms | p95 ms | × rollup |",
        "|---|---:|---:|---:|",
        f"| pre-aggregated `AppealDaily` (what the page reads) | {r['p50']:.1f} | {r['p95']:.1f} | 1× |",
        f"| naive aggregate over the raw appeals | {n['p50']:.1f} | {n['p95']:.1f} | {n['p50'] / r['p50']:.0f}× |",
        "",
        f"Both give the same counts: {'yes' if result['same_counts'] else '**no**'}.",
    ]
    return "\n".join(lines)


def write(text: str) -> None:
    write_generated("dashboards", text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--appeals-per-district", type=int, default=750_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the city built by the previous run again"
    )
    args = parser.parse_args(argv)
    var = ROOT / "var" / "bench-dashboards"
    var.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL") and not args.measure_only:
        for f in var.glob("linli.sqlite3*"):
            f.unlink()
    os.environ["LINLI_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and not args.measure_only:
        fresh_postgres(os.environ["DATABASE_URL"])  # a fresh city every run
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    city = city_sizes() if args.measure_only else build_city(args.districts, args.appeals_per_district)
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics for the planner (never inside the test suite)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    text = render(city, measure(repeats=args.repeats))
    print(text)
    if not args.no_write:
        write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
