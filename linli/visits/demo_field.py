"""Demo 一日三巡 check-ins and hazards in every status for the visits demo, through the services."""

from __future__ import annotations

import struct
import zlib
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from linli.core.frozen_time import frozen_at
from linli.workdays.selectors import get_calendar

from . import services
from .choices import HazardCategory


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


def patrols(rng, grid_worker, general, micro_worker, micro, now: datetime) -> int:
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


def hazards(scopes, leader, grid_worker, micro_worker, property_staff, desk, now: datetime) -> int:
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
        # The 网格员 closes it: at district scale the unit's households span two micro-grids, and a
        # 微网格员 may close only what lies wholly in their own.
        services.hazard_close(
            actor=grid_worker,
            hazard=broken,
            evidence="闭门器已更换，单元门开关正常。",
            photos=[_photo("door-fixed.png", (60, 150, 90))],
        )
    # Turned into a work order: gas is for the gas company. Due today whatever the hour the demo is
    # built at (the default, a day from the day found, would be overdue when built before 03:00).
    with frozen_at(ago(days=1, hours=3)):
        gas = services.hazard_report(
            actor=micro_worker,
            place=unit,
            category=HazardCategory.GAS,
            description="三楼住户反映楼道燃气立管接口处有燃气味。",
            deadline=now.date(),
        )
    with frozen_at(ago(days=1, hours=2)):
        services.hazard_to_appeal(actor=desk, hazard=gas)
    return 5
