"""Demo visits, care flags, patrols and hazards in the demo's first community, made through the real
services with the clock set back: last month nearly every household visited, this month most of them
(the demo 楼道 keeps a few on its to-do list), elderly residents living alone flagged for care with two
overdue, two weeks of 一日三巡 for the demo grid workers with one day missed each, hazards in every
status, and one visit whose need became an appeal. Skipped when visits exist."""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.frozen_time import frozen_at
from linli.people.models import Person
from linli.places.choices import PlaceLevel
from linli.places.models import Place
from linli.workdays.selectors import get_calendar

from . import services
from .choices import CareKind, ContactReason, HazardCategory, Outcome, VisitKind
from .models import Visit
from .selectors import month_bounds, month_of

_NOTES = [
    "身体状况良好，家中整洁。",
    "子女在外地工作，老人独自生活，叮嘱注意用电安全。",
    "住户对小区停车管理有意见，已记录。",
    "新搬入的租户，已登记联系方式。",
    "家中有小孩，宣传了防溺水知识。",
    "了解了近期就业情况，介绍了社区招聘信息。",
    "老人血压偏高，提醒按时服药。",
    "",
]


def _png(rgb: tuple[int, int, int], width: int = 160, height: int = 120) -> bytes:
    """A solid-colour PNG (a stand-in for a phone photo)."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _photo(name: str, rgb) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _png(rgb), content_type="image/png")


def _moment(rng, start: datetime, end: datetime) -> datetime:
    """A daytime moment (08:30–19:30) between start and end, or None when there is no room."""
    if end <= start:
        return None
    day_count = max(1, (end.date() - start.date()).days + 1)
    for _ in range(10):
        day = start.date() + timedelta(days=rng.randrange(day_count))
        moment = datetime.combine(day, time(8, 30), tzinfo=start.tzinfo) + timedelta(
            minutes=rng.randrange(660)
        )
        if start <= moment < end:
            return moment
    return None


def build(ctx: DemoContext) -> None:
    if Visit.objects.exists():
        ctx.say("走访记录已存在，跳过生成。")
        return
    from linli.accounts.demo import demo_scopes

    scopes = ctx.shared.get("demo_scopes") or demo_scopes()
    people = {u.phone: u for u in User.objects.filter(phone__startswith="138000000")}
    desk, grid_worker, micro_worker = people["13800000005"], people["13800000007"], people["13800000008"]
    leader, informant, branch, property_staff = (
        people["13800000014"],
        people["13800000015"],
        people["13800000010"],
        people["13800000013"],
    )
    community, unit, compound = scopes["community_a"], scopes["unit"], scopes["compound"]
    rng = ctx.rng
    now = timezone.localtime()
    homes = list(
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=community.code)
        .select_related("grid")
        .order_by("code")
    )

    def visitor_for(home: Place) -> User:
        if home.code.startswith(unit.code):
            return rng.choice([leader, informant])
        if home.grid_id == scopes["micro"].pk:
            return micro_worker
        if home.grid_id and home.grid.code.startswith(scopes["general"].code):
            return grid_worker
        return desk

    elders = _elders_living_alone(community, now.date())
    elder_homes = {p.household_id for p in elders}
    # Two of them get no contact for weeks — preferably where the demo 楼道 team and 微网格员 serve.
    ranked = sorted(
        elders,
        key=lambda p: (not p.household.code.startswith(unit.code), p.household.grid_id != scopes["micro"].pk),
    )
    overdue = {p.household_id for p in ranked[:2]}
    this_start, _ = month_bounds(month_of(now))
    last_start, _ = month_bounds(month_of(this_start - timedelta(days=1)))
    # (Households visited for other reasons below — the demo resident's, elders' — are not among them.)
    todo_left = {h.pk for h in homes if h.code.startswith(unit.code)} - elder_homes - overdue
    todo_left.discard(scopes["household"].pk)
    todo_left = set(sorted(todo_left)[-3:])  # the demo 楼道 still has three households to visit
    visits = 0

    def record(home, moment, **fields):
        nonlocal visits
        with frozen_at(moment):
            services.visit_record(actor=visitor_for(home), household=home, **fields)
        visits += 1

    for home in homes:
        if home.pk in overdue:
            record(
                home,
                _moment(rng, now - timedelta(days=20), now - timedelta(days=12)),
                kind=VisitKind.MONTHLY,
                outcome=Outcome.MET,
            )
            continue
        # Last month: nearly everyone, a few not at home on the first try.
        moment = _moment(rng, last_start, min(this_start, now - timedelta(hours=1)))
        if moment and rng.random() < 0.95:
            if rng.random() < 0.06:
                record(home, moment, kind=VisitKind.MONTHLY, outcome=Outcome.NOBODY_HOME)
                moment = _moment(rng, moment + timedelta(hours=2), min(this_start, now - timedelta(hours=1)))
            if moment:
                record(home, moment, kind=VisitKind.MONTHLY, outcome=Outcome.MET, notes=rng.choice(_NOTES))
        # This month: most households (elders living alone within the last two days); the demo 楼道's
        # to-do list waits.
        if home.pk in elder_homes:
            moment = _moment(rng, now - timedelta(days=2), now - timedelta(hours=1))
            if moment:
                record(
                    home, moment, kind=VisitKind.MONTHLY, outcome=Outcome.MET, notes="独居老人，身体尚可。"
                )
            continue
        if home.pk in todo_left:
            if home.pk == min(todo_left):
                moment = _moment(rng, this_start, now - timedelta(hours=1))
                if moment:
                    record(home, moment, kind=VisitKind.DOOR_KNOCK, outcome=Outcome.NOBODY_HOME)
            continue
        # Elsewhere most households; in the demo 楼道 every other one, so its list is exactly three.
        if home.code.startswith(unit.code) or rng.random() < 0.82:
            moment = _moment(rng, this_start, now - timedelta(hours=1))
            if moment:
                kind = rng.choice([VisitKind.MONTHLY] * 6 + [VisitKind.DOOR_KNOCK, VisitKind.FOUR_CONTACTS])
                record(
                    home,
                    moment,
                    kind=kind,
                    reason=rng.choice(ContactReason.values) if kind == VisitKind.FOUR_CONTACTS else "",
                    outcome=rng.choice([Outcome.MET] * 12 + [Outcome.REFUSED]),
                    notes=rng.choice(_NOTES),
                )
    flags = _care_flags(elders, desk, now)
    appeal = _visit_with_appeal(scopes, leader, now)
    reception = _reception_day(rng, compound, [h for h in homes if h.pk not in todo_left], branch, now)
    patrols = _patrols(rng, grid_worker, scopes["general"], micro_worker, scopes["micro"], now)
    hazards = _hazards(scopes, leader, grid_worker, micro_worker, property_staff, desk, now)
    alerted = services.alerts_raise(now=now)
    ctx.say(
        f"生成走访 {visits + reception + 1} 次（含 1 次转为诉求 {appeal}）、关爱对象 {flags} 人、"
        f"巡查签到 {patrols} 次、安全隐患 {hazards} 处；关爱预警提醒 {alerted} 条。"
    )


def _elders_living_alone(community: Place, today: date) -> list[Person]:
    """Residents aged 70 or more who live alone, in the community."""
    seventy = today.replace(year=today.year - 70)
    alone = (
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=community.code)
        .annotate(n=Count("members"))
        .filter(n=1)
        .values("pk")
    )
    return list(
        Person.objects.filter(household__in=alone, birth_date__lte=seventy)
        .select_related("household")
        .order_by("household__code")
    )


def _care_flags(elders: list[Person], desk: User, now: datetime) -> int:
    since = (now - timedelta(days=90)).date()
    with frozen_at(now - timedelta(days=90)):
        for i, person in enumerate(elders):
            services.care_flag_add(
                actor=desk,
                person=person,
                kind=CareKind.LIVING_ALONE,
                since=since,
                days_between_contacts=3 if i % 7 == 3 else None,
                note="独居，子女不在本市" if i % 2 else "",
            )
    return len(elders)


def _visit_with_appeal(scopes, leader: User, now: datetime) -> str:
    home = scopes["household"]
    person = home.members.order_by("id").first()
    with frozen_at(max(now - timedelta(days=2), month_bounds(month_of(now))[0] + timedelta(hours=10))):
        visit = services.visit_record_with_appeal(
            actor=leader,
            household=home,
            kind=VisitKind.FOUR_CONTACTS,
            reason=ContactReason.HOME_VISIT,
            outcome=Outcome.MET,
            person=person,
            notes="老人腿脚不便，平时很少下楼。",
            needs_found="一楼到三楼的楼道声控灯坏了半个月，老人晚上上下楼看不清，希望尽快修好。",
        )
    return visit.appeal.number


def _reception_day(rng, compound: Place, homes: list[Place], branch: User, now: datetime) -> int:
    """Two residents came to the branch's reception day (支部接待日)."""
    mine = [h for h in homes if h.code.startswith(compound.code)]
    moment = month_bounds(month_of(now))[0] + timedelta(hours=9, minutes=30)
    if moment > now - timedelta(hours=1):
        return 0
    for home in rng.sample(mine, min(2, len(mine))):
        with frozen_at(moment):
            services.visit_record(
                actor=branch,
                household=home,
                kind=VisitKind.RECEPTION_DAY,
                outcome=Outcome.MET,
                notes="来支部接待日反映小区停车位紧张。",
            )
        moment += timedelta(minutes=40)
    return 2


def _patrols(rng, grid_worker, general, micro_worker, micro, now: datetime) -> int:
    """The last two weeks of 一日三巡: three check-ins every working day, one day missed (two check-ins)
    for each worker, and this morning's first check-in."""
    calendar = get_calendar()
    tz = now.tzinfo
    days = [now.date() - timedelta(days=n) for n in range(14, 0, -1)]
    workdays = [d for d in days if calendar.is_workday(d)]
    count = 0
    for worker, grid, missed in (
        (grid_worker, general, workdays[len(workdays) // 3] if workdays else None),
        (micro_worker, micro, workdays[-2] if len(workdays) > 1 else None),
    ):
        for day in workdays:
            hours = [(8, 40), (13, 10), (17, 20)][: 2 if day == missed else 3]
            for hour, minute in hours:
                moment = datetime.combine(day, time(hour, minute), tzinfo=tz) + timedelta(
                    minutes=rng.randrange(25)
                )
                with frozen_at(moment):
                    services.patrol_check_in(
                        actor=worker,
                        grid=grid,
                        notes=rng.choice(
                            ["巡查正常", "楼道通畅", "提醒住户规范停放电动车", "垃圾分类点整洁"]
                        ),
                    )
                count += 1
        if calendar.is_workday(now.date()) and now.time() >= time(9, 0):
            with frozen_at(datetime.combine(now.date(), time(8, 45), tzinfo=tz)):
                services.patrol_check_in(actor=worker, grid=grid, notes="早巡：各楼道通畅")
            count += 1
    return count


def _hazards(scopes, leader, grid_worker, micro_worker, property_staff, desk, now: datetime) -> int:
    unit, compound = scopes["unit"], scopes["compound"]
    building = unit.parent
    ago = lambda **kw: now - timedelta(**kw)  # noqa: E731

    # 待整改, within its deadline: found this morning by the 楼道长.
    with frozen_at(ago(hours=2)):
        services.hazard_report(
            actor=leader,
            place=unit,
            category=HazardCategory.EBIKE_CHARGING,
            description="一楼楼梯间停放两辆电动车，从二楼窗户拉线充电。",
            address="1单元一楼楼梯间",
            photos=[_photo("ebike.png", (70, 90, 140))],
        )
    # 待整改 and overdue: a fire lane blocked for days.
    with frozen_at(ago(days=5)):
        services.hazard_report(
            actor=grid_worker,
            place=compound,
            category=HazardCategory.FIRE_LANE,
            description="东门消防通道长期停放私家车，消防车无法通行。",
            address="东门内侧消防通道",
            photos=[_photo("fire-lane.png", (180, 60, 50))],
        )
    # 整改中: the property company is on it.
    with frozen_at(ago(days=2)):
        falling = services.hazard_report(
            actor=micro_worker,
            place=building,
            category=HazardCategory.FALLING_OBJECTS,
            description="7楼阳台外侧空调外机支架锈蚀松动，有坠落风险。",
            photos=[_photo("bracket.png", (120, 120, 110))],
        )
    with frozen_at(ago(days=1)):
        services.hazard_add_step(
            actor=property_staff, hazard=falling, note="已拉警戒线，联系住户和维修师傅，预计明天更换支架。"
        )
    # 已销号 with evidence.
    with frozen_at(ago(days=10)):
        broken = services.hazard_report(
            actor=leader,
            place=unit,
            category=HazardCategory.FACILITY,
            description="单元门闭门器损坏，门被风吹得来回撞。",
            photos=[_photo("door.png", (150, 110, 60))],
        )
    with frozen_at(ago(days=9)):
        services.hazard_add_step(actor=property_staff, hazard=broken, note="已订购闭门器。")
    with frozen_at(ago(days=8)):
        services.hazard_close(
            actor=micro_worker,
            hazard=broken,
            evidence="闭门器已更换，单元门开关正常。",
            photos=[_photo("door-fixed.png", (60, 150, 90))],
        )
    # Turned into a work order: gas is for the gas company.
    with frozen_at(ago(days=1, hours=3)):
        gas = services.hazard_report(
            actor=micro_worker,
            place=unit,
            category=HazardCategory.GAS,
            description="三楼住户反映楼道燃气立管接口处有燃气味。",
        )
    with frozen_at(ago(days=1, hours=2)):
        services.hazard_to_appeal(actor=desk, hazard=gas)
    return 5
