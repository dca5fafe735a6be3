"""Demo emergencies in the demo 小区: a typhoon drill last month, closed with its summary, and a drill
under way (started 50 minutes ago) whose board is moving — through the services, clock set back."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.frozen_time import frozen_at

from . import services
from .choices import EmergencyKind, Level, TaskStatus, Template
from .models import Emergency, HouseholdTask

_NEEDS = ["独居老人需要帮忙采购药品", "家中阳台窗户松动，需要加固", "行动不便，需要转移时有人搀扶"]


def build(ctx: DemoContext) -> None:
    if Emergency.objects.exists():
        ctx.say("应急响应已存在，跳过生成。")
        return
    from linli.accounts.demo import demo_scopes

    scopes = ctx.shared.get("demo_scopes") or demo_scopes()
    compound = scopes["compound"]
    secretary = User.objects.get(phone="13800000004")
    leader, micro, desk = (User.objects.get(phone=p) for p in ("13800000014", "13800000008", "13800000005"))
    rng = ctx.rng
    now = timezone.now()

    # Last month: the typhoon drill, closed.
    start = now - timedelta(days=21, hours=3)
    with frozen_at(start):
        drill = services.emergency_declare(
            actor=secretary,
            place=compound,
            title="台风“海葵”防御演练",
            kind=EmergencyKind.WEATHER,
            level=Level.III,
            templates=[Template.NOTIFY_ALL, Template.CHECK_VULNERABLE, Template.COLLECT_NEEDS],
            instructions="今晚有大风暴雨：请收好阳台杂物，关紧门窗，地下车库车辆请移至地面。",
            is_drill=True,
        )
    tasks = list(HouseholdTask.objects.filter(emergency=drill).order_by("priority", "household_code"))
    for i, task in enumerate(tasks):
        minutes = rng.uniform(5, 150) if task.priority else rng.uniform(3, 60)
        roll = rng.random()
        with frozen_at(start + timedelta(minutes=minutes)):
            actor = _actor_for(task, scopes, leader, micro, desk)
            if roll < 0.04:
                continue  # never reached
            if roll < 0.10:
                services.task_confirm(actor=actor, task=task, status=TaskStatus.NOT_HOME)
            elif i < 3 * len(_NEEDS) and i % 3 == 0:
                services.task_confirm(
                    actor=actor,
                    task=task,
                    status=TaskStatus.NEEDS_HELP,
                    note=_NEEDS[i // 3],
                    to_appeal=i == 0,
                )
            else:
                services.task_confirm(actor=actor, task=task, status=TaskStatus.REACHED)
    with frozen_at(start + timedelta(hours=3, minutes=10)):
        services.emergency_close(actor=secretary, emergency=drill)

    # Today: a drill under way.
    start = now - timedelta(minutes=50)
    with frozen_at(start):
        live = services.emergency_declare(
            actor=secretary,
            place=compound,
            title="燃气泄漏应急疏散演练",
            kind=EmergencyKind.OTHER,
            level=Level.IV,
            templates=[Template.NOTIFY_ALL, Template.CHECK_VULNERABLE],
            instructions="演练：请告知住户听到警报后从安全通道有序撤离，关爱对象由楼道长协助。",
            is_drill=True,
        )
    tasks = list(HouseholdTask.objects.filter(emergency=live).order_by("priority", "household_code"))
    for task in tasks[: int(len(tasks) * 0.45)]:
        with frozen_at(start + timedelta(minutes=rng.uniform(3, 45))):
            actor = _actor_for(task, scopes, leader, micro, desk)
            status = TaskStatus.NOT_HOME if rng.random() < 0.08 else TaskStatus.REACHED
            services.task_confirm(actor=actor, task=task, status=status)
    coverage = Emergency.objects.get(pk=drill.pk).summary["coverage"]
    ctx.say(f"生成应急演练 2 场：已结束 1 场（覆盖 {coverage}%），进行中 1 场（{live.households} 户）。")


def _actor_for(task, scopes, leader, micro, desk):
    if task.household_code.startswith(scopes["unit"].code):
        return leader
    if task.grid_code.startswith(scopes["micro"].code):
        return micro
    return desk
