"""Emergency fan-out for a whole district: declare an emergency over N households (default 300,000) and
time the real service (one task per household, vulnerable households first, a notification to every
stairwell leader and micro-grid member), against the limit measured in the same run: the database
copying the same number of rows with a bare ``INSERT … SELECT`` (no join, no priority, no notification).

    .venv/bin/python -m benchmarks.mobilization_fanout [--households 300000] [--no-write]

Builds a synthetic district in var/bench-fanout/ (SQLite unless DATABASE_URL names a PostgreSQL
database ``linli_bench…``, which is created afresh) and writes
its section of docs/performance.md. The suite runs ``measure`` on a few hundred households."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .common import fresh_postgres, write_generated

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 10.0
PER_UNIT = 50  # households per 单元
UNITS_PER_BUILDING, BUILDINGS_PER_COMPOUND, COMPOUNDS_PER_COMMUNITY = 2, 10, 10


def build_district(households: int) -> dict:
    """Places and grids for about ``households`` households, one 楼道长 per unit and one 微网格员 per
    building's micro-grid, a few vulnerable residents. Returns the district and counts."""
    from linli.accounts.models import RoleAssignment, User
    from linli.core.roles import Role
    from linli.people.models import Person, Tag, TagAssignment
    from linli.places.choices import GridLevel, PlaceLevel
    from linli.places.models import GridNode, Place

    per_community = PER_UNIT * UNITS_PER_BUILDING * BUILDINGS_PER_COMPOUND * COMPOUNDS_PER_COMMUNITY
    communities = max(1, -(-households // per_community))
    district = Place.objects.create(code="510199", name="基准区", level=PlaceLevel.DISTRICT)
    street = Place.objects.create(code="510199001", name="基准街道", level=PlaceLevel.STREET, parent=district)
    users, assignments, made = [], [], 0
    for c in range(1, communities + 1):
        community = Place.objects.create(
            code=f"{street.code}{c:03d}", name=f"第{c}社区", level=PlaceLevel.COMMUNITY, parent=street
        )
        total = GridNode.objects.create(
            code=community.code, name=f"第{c}社区总网格", level=GridLevel.TOTAL, community=community
        )
        for k in range(1, COMPOUNDS_PER_COMMUNITY + 1):
            if made >= households:
                break
            compound = Place.objects.create(
                code=f"{community.code}{k:03d}",
                name=f"第{k}小区",
                level=PlaceLevel.COMPOUND,
                parent=community,
            )
            general = GridNode.objects.create(
                code=f"{community.code}{k:03d}",
                name=f"第{c}-{k}网格",
                level=GridLevel.GENERAL,
                parent=total,
                community=community,
            )
            buildings = Place.objects.bulk_create(
                Place(
                    code=f"{compound.code}{b:03d}", name=f"{b}栋", level=PlaceLevel.BUILDING, parent=compound
                )
                for b in range(1, BUILDINGS_PER_COMPOUND + 1)
            )
            micros = GridNode.objects.bulk_create(
                GridNode(
                    code=f"{general.code}{b:03d}",
                    name=f"第{c}-{k}-{b}微网格",
                    level=GridLevel.MICRO,
                    parent=general,
                    community=community,
                )
                for b in range(1, BUILDINGS_PER_COMPOUND + 1)
            )
            units = Place.objects.bulk_create(
                Place(code=f"{bld.code}{u:02d}", name=f"{u}单元", level=PlaceLevel.UNIT, parent=bld)
                for bld in buildings
                for u in range(1, UNITS_PER_BUILDING + 1)
            )
            homes = []
            for i, unit in enumerate(units):
                micro = micros[i // UNITS_PER_BUILDING]
                for h in range(1, PER_UNIT + 1):
                    if made >= households:
                        break
                    homes.append(
                        Place(
                            code=f"{unit.code}{h:04d}",
                            name=f"{h}室",
                            level=PlaceLevel.HOUSEHOLD,
                            parent=unit,
                            grid=micro,
                        )
                    )
                    made += 1
                phone = f"17{len(users):09d}"
                users.append(
                    (User(phone=phone, name=f"楼道长{len(users)}"), Role.STAIRWELL_LEADER, unit, None)
                )
            for micro in micros:
                users.append(
                    (
                        User(phone=f"17{len(users):09d}", name=f"微网格员{len(users)}"),
                        Role.MICRO_GRID_WORKER,
                        None,
                        micro,
                    )
                )
            Place.objects.bulk_create(homes, batch_size=5000)
    created = User.objects.bulk_create([u for u, *_ in users], batch_size=5000)
    for user, (_, role, place, grid) in zip(created, users, strict=True):
        assignments.append(
            RoleAssignment(user=user, role=role, place=place, grid=grid, valid_from="2020-01-01")
        )
    RoleAssignment.objects.bulk_create(assignments, batch_size=5000)
    secretary = User.objects.create(phone="16000000000", name="街道干部")
    RoleAssignment.objects.create(
        user=secretary, role=Role.STREET_OFFICIAL, place=street, valid_from="2020-01-01"
    )
    alone = Tag.objects.get(code="living_alone")
    homes = list(Place.objects.filter(level=PlaceLevel.HOUSEHOLD).values_list("id", flat=True)[::50])
    people = Person.objects.bulk_create(
        [Person(name="独居老人", gender="F", household_id=h) for h in homes], batch_size=5000
    )
    TagAssignment.objects.bulk_create(
        [TagAssignment(tag=alone, person=p, since="2026-01-01") for p in people], batch_size=5000
    )
    return {
        "street": street,
        "secretary": secretary,
        "households": made,
        "responders": len(users),
        "vulnerable": len(people),
    }


def _limit(street_code: str) -> float:
    """The bare copy: the same household rows into a scratch table, nothing else."""
    from django.db import connection

    from linli.places.models import Place

    table = Place._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_copy (emergency_id integer, household_id integer, code varchar(24))"
        )
        t0 = time.perf_counter()
        cursor.execute(
            f"INSERT INTO bench_copy SELECT 1, id, code FROM {table} WHERE level = 7 AND code >= %s AND code < %s",  # noqa: S608
            [street_code, street_code + "~"],
        )
        seconds = time.perf_counter() - t0
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def measure(households: int = 300_000) -> dict:
    from django.db import connection

    from linli.mobilization import services
    from linli.mobilization.choices import EmergencyKind
    from linli.mobilization.models import HouseholdTask

    t0 = time.perf_counter()
    world = build_district(households)
    build_seconds = time.perf_counter() - t0
    limit = _limit(world["street"].code)
    t0 = time.perf_counter()
    emergency = services.emergency_declare(
        actor=world["secretary"],
        place=world["street"],
        title="基准：全区应急动员",
        kind=EmergencyKind.WEATHER,
    )
    seconds = time.perf_counter() - t0
    return {
        "db": connection.vendor,
        "households": world["households"],
        "tasks": HouseholdTask.objects.filter(emergency=emergency).count(),
        "vulnerable_first": HouseholdTask.objects.filter(emergency=emergency, priority=0).count(),
        "responders": world["responders"],
        "build_seconds": build_seconds,
        "seconds": seconds,
        "limit_seconds": limit,
        "ratio": seconds / limit if limit else float("nan"),
        "goal_seconds": GOAL_SECONDS,
    }


def render(result: dict) -> str:
    from benchmarks.run import machine

    ok = "met" if result["seconds"] < result["goal_seconds"] else "**missed**"
    return "\n".join(
        [
            f"### Emergency fan-out ({time.strftime('%Y-%m-%d')})",
            "",
            f"Machine: {machine()}. Database: {result['db']}. A synthetic district of "
            f"{result['households']:,} households, {result['responders']:,} stairwell leaders and micro-grid "
            f"members, {result['vulnerable_first']:,} households with a vulnerable resident (built in "
            f"{result['build_seconds']:.0f} s, not counted).",
            "",
            "| measure | seconds | × limit | goal |",
            "|---|---:|---:|---|",
            f"| limit: bare `INSERT … SELECT` of the same {result['households']:,} rows | {result['limit_seconds']:.2f} | 1× | |",
            f"| `emergency_declare` for the whole district: {result['tasks']:,} tasks, vulnerable first, "
            f"{result['responders']:,} notifications | {result['seconds']:.2f} | {result['ratio']:.1f}× | "
            f"< {result['goal_seconds']:.0f} s: {ok} |",
        ]
    )


def write(text: str) -> None:
    write_generated("mobilization_fanout", text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    var = ROOT / "var" / "bench-fanout"
    if var.exists() and not os.environ.get("DATABASE_URL"):
        for f in var.glob("linli.sqlite3*"):
            f.unlink()
    os.environ["LINLI_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        fresh_postgres(os.environ["DATABASE_URL"])  # a fresh district every run
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    text = render(measure(args.households))
    print(text)
    if not args.no_write:
        write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
