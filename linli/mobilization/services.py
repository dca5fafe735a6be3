"""Declaring, working and closing an emergency.

The fan-out writes one task per household of the scope with a single ``INSERT … SELECT`` (a district of
≈300,000 households in seconds, see docs/performance.md), marks the households where a vulnerable
resident lives (ledger care tags) to come first, and notifies the stairwell teams and micro-grid members
who cover them. Confirmations are compare-and-set per task; escalation (tick.py) is idempotent."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from linli.accounts.models import RoleAssignment
from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.notifications.services import notify
from linli.places.choices import PlaceLevel
from linli.places.models import GridNode, Place

from . import rules
from .choices import REACHED, EmergencyKind, EmergencyStatus, Level, TaskStatus, Template
from .models import Emergency, HouseholdTask

#: Who receives the household tasks: the 楼道 team of the unit and the members of the micro-grid.
TEAM_ROLES = (Role.STAIRWELL_LEADER, Role.INFORMANT, Role.CARETAKER)
GRID_ROLES = (Role.MICRO_GRID_WORKER,)


def duration(minutes: int) -> str:
    """180 → 3小时, 90 → 1小时30分钟, 45 → 45分钟."""
    hours, rest = divmod(int(minutes), 60)
    return (f"{hours}小时" if hours else "") + (f"{rest}分钟" if rest or not hours else "")


def _fan_out(emergency: Emergency) -> int:
    """One pending task per household under the scope, in one statement."""
    place, grid, task = Place._meta, GridNode._meta, HouseholdTask._meta
    sql = f"""
        INSERT INTO {task.db_table}
            (emergency_id, household_id, household_code, grid_code, priority, status, note)
        SELECT %s, p.id, p.code, COALESCE(g.code, ''), 1, %s, ''
        FROM {place.db_table} p LEFT JOIN {grid.db_table} g ON g.id = p.grid_id
        WHERE p.level = %s AND p.code >= %s AND p.code < %s
    """  # noqa: S608 — table names from the models, values as parameters
    code = emergency.place.code
    with connection.cursor() as cursor:
        cursor.execute(sql, [emergency.pk, TaskStatus.PENDING, PlaceLevel.HOUSEHOLD, code, code + "~"])
        count = cursor.rowcount
    from linli.people.selectors import care_people

    vulnerable = care_people().filter(household__code__startswith=code).values("household_id")
    HouseholdTask.objects.filter(emergency=emergency, household_id__in=vulnerable).update(priority=0)
    return count


def responders(emergency: Emergency):
    """The people who receive the tasks: 楼道 teams and micro-grid members inside the scope."""
    code = emergency.place.code
    return (
        RoleAssignment.objects.active()
        .filter(
            Q(role__in=TEAM_ROLES, place__code__startswith=code)
            | Q(role__in=GRID_ROLES, grid__code__startswith=code)
        )
        .select_related("user")
    )


@transaction.atomic
def emergency_declare(
    *,
    actor,
    place: Place,
    title: str,
    kind: str,
    level: int = Level.IV,
    templates: list[str] | tuple[str, ...] = (Template.NOTIFY_ALL, Template.CHECK_VULNERABLE),
    instructions: str = "",
    reach_minutes: int | None = None,
    is_drill: bool = False,
) -> Emergency:
    policy.require(actor, rules.DECLARE, place)
    if place.level not in (PlaceLevel.STREET, PlaceLevel.COMMUNITY, PlaceLevel.COMPOUND, PlaceLevel.DISTRICT):
        raise DomainError("响应范围须是区、街道、社区或小区。", field="place")
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("请填写事件名称。", field="title")
    if kind not in EmergencyKind.values:
        raise DomainError("请选择事件类别。", field="kind")
    if level not in Level.values:
        raise DomainError("请选择响应级别。", field="level")
    templates = [t for t in templates if t]
    if not templates or any(t not in Template.values for t in templates):
        raise DomainError("请至少选择一项任务。", field="templates")
    minutes = reach_minutes or settings.LINLI_EMERGENCY_REACH_MINUTES
    if not 10 <= minutes <= 72 * 60:
        raise DomainError("限时须在10分钟到72小时之间。", field="reach_minutes")
    overlapping = Emergency.objects.filter(status=EmergencyStatus.ACTIVE).filter(
        Q(place__code__startswith=place.code) | Q(place__code__in=[place.code[:n] for n in (6, 9, 12, 15)])
    )
    if overlapping.exists():
        raise Conflict(f"该范围已有进行中的应急响应“{overlapping.first().title}”，请先结束。")
    emergency = Emergency.objects.create(
        title=title[:100],
        kind=kind,
        level=level,
        place=place,
        templates=",".join(dict.fromkeys(templates)),
        instructions=instructions.strip(),
        reach_minutes=minutes,
        is_drill=is_drill,
        declared_by=actor,
        declared_at=timezone.now(),
    )
    emergency.households = _fan_out(emergency)
    Emergency.objects.filter(pk=emergency.pk).update(households=emergency.households)
    users = {a.user for a in responders(emergency) if a.user.is_active}
    prefix = "【演练】" if is_drill else ""
    notify(
        recipients=users,
        kind="mobilization.declared",
        title=f"{prefix}应急响应：{emergency.title}",
        body=f"请在{duration(minutes)}内逐户联系您负责的住户，关爱对象优先。"
        + (f"\n告知内容：{emergency.instructions}" if emergency.instructions else ""),
        url=reverse("mobilization:mine", args=[emergency.pk]),
        dedupe_key=f"mobilization.declared.{emergency.pk}",
    )
    return emergency


@transaction.atomic
def task_confirm(
    *, actor, task: HouseholdTask, status: str, note: str = "", to_appeal: bool = False
) -> HouseholdTask:
    """Record the outcome for one household. A 无人在家 may later become 已联系到; a household reached
    stays reached. ``to_appeal`` turns a need into an appeal in the same step."""
    policy.require(actor, rules.CONFIRM_TASK, task)
    if status not in (TaskStatus.REACHED, TaskStatus.NOT_HOME, TaskStatus.NEEDS_HELP):
        raise DomainError("请选择联系结果。", field="status")
    note = " ".join((note or "").split())[:300]
    if status == TaskStatus.NEEDS_HELP and not note:
        raise DomainError("请写明需要什么帮助。", field="note")
    if task.emergency.status != EmergencyStatus.ACTIVE:
        raise Conflict("应急响应已结束。")
    updated = HouseholdTask.objects.filter(
        pk=task.pk,
        status__in=[TaskStatus.PENDING, TaskStatus.NOT_HOME],
        emergency__status=EmergencyStatus.ACTIVE,
    ).update(status=status, note=note, confirmed_by=actor, confirmed_at=timezone.now())
    if updated != 1:
        raise Conflict("该户已由他人确认联系到。")
    task.refresh_from_db()
    if to_appeal and status == TaskStatus.NEEDS_HELP:
        from linli.appeals.choices import Channel
        from linli.appeals.services.intake import appeal_submit

        appeal = appeal_submit(
            actor=actor,
            channel=Channel.VISIT,
            text=note,
            place=task.household,
            event_note=f"应急响应“{task.emergency.title}”入户时发现的需求",
            event_data={"emergency": task.emergency_id},
        )
        HouseholdTask.objects.filter(pk=task.pk).update(appeal=appeal)
        task.appeal = appeal
    return task


def escalate_due(*, now=None) -> int:
    """Near the limit (LINLI_EMERGENCY_ESCALATE_AT of the time), households still unreached go to the
    grid leader of their grid: marked once, one notification per leader. Returns tasks escalated."""
    now = now or timezone.now()
    share = settings.LINLI_EMERGENCY_ESCALATE_AT
    total = 0
    for emergency in Emergency.objects.filter(status=EmergencyStatus.ACTIVE):
        elapsed = (now - emergency.declared_at).total_seconds() / 60
        if elapsed < emergency.reach_minutes * share:
            continue
        with transaction.atomic():
            due = HouseholdTask.objects.filter(
                emergency=emergency,
                escalated_at__isnull=True,
                status__in=[TaskStatus.PENDING, TaskStatus.NOT_HOME],
            )
            by_grid = Counter(due.values_list("grid_code", flat=True))
            count = due.update(escalated_at=now)
            if not count:
                continue
            total += count
            leaders = defaultdict(int)
            assignments = (
                RoleAssignment.objects.active().filter(role=Role.GRID_LEADER).select_related("user", "grid")
            )
            for a in assignments:
                if a.grid is None:
                    continue
                for grid_code, n in by_grid.items():
                    if grid_code.startswith(a.grid.code):
                        leaders[a.user] += n
            if not leaders:  # no grid leader: the community staff who declared it
                leaders[emergency.declared_by] = count
            for user, n in leaders.items():
                notify(
                    recipients=[user],
                    kind="mobilization.escalated",
                    title=f"应急响应“{emergency.title}”：{n} 户临近时限仍未联系到",
                    body="请组织力量逐户联系，必要时电话或上门。",
                    url=reverse("mobilization:board", args=[emergency.pk]),
                    dedupe_key=f"mobilization.escalated.{emergency.pk}.{user.pk}",
                )
    return total


def summarize(emergency: Emergency, *, now=None) -> dict:
    tasks = HouseholdTask.objects.filter(emergency=emergency)
    counts = Counter(tasks.values_list("status", flat=True))
    total = sum(counts.values())
    reached = sum(counts[s] for s in REACHED)
    minutes = sorted(
        (confirmed - emergency.declared_at).total_seconds() / 60
        for confirmed in tasks.filter(status__in=REACHED).values_list("confirmed_at", flat=True)
        if confirmed is not None
    )
    within = sum(1 for m in minutes if m <= emergency.reach_minutes)
    return {
        "households": total,
        "reached": reached,
        "not_home": counts[TaskStatus.NOT_HOME],
        "needs_help": counts[TaskStatus.NEEDS_HELP],
        "pending": counts[TaskStatus.PENDING],
        "coverage": round(reached * 100 / total, 1) if total else 0.0,
        "within_limit": within,
        "median_minutes": round(statistics.median(minutes), 1) if minutes else None,
        "p90_minutes": round(minutes[int(0.9 * (len(minutes) - 1))], 1) if minutes else None,
        "appeals": tasks.filter(appeal__isnull=False).count(),
        "vulnerable": tasks.filter(priority=0).count(),
        "vulnerable_reached": tasks.filter(priority=0, status__in=REACHED).count(),
    }


@transaction.atomic
def emergency_close(*, actor, emergency: Emergency) -> Emergency:
    policy.require(actor, rules.DECLARE, emergency.place)
    now = timezone.now()
    summary = summarize(emergency, now=now)
    if not Emergency.objects.filter(pk=emergency.pk, status=EmergencyStatus.ACTIVE).update(
        status=EmergencyStatus.CLOSED, closed_at=now, closed_by=actor, summary=summary
    ):
        raise Conflict("应急响应已结束。")
    emergency.refresh_from_db()
    return emergency
