"""Reads for emergencies: the list, the per-grid board, a member's own households."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, Q, QuerySet, When
from django.utils import timezone

from linli.core import policy
from linli.places.models import GridNode

from . import rules
from .choices import EmergencyStatus, TaskStatus
from .models import Emergency, HouseholdTask


def emergencies_visible_to(user) -> QuerySet:
    return policy.visible(
        user, rules.VIEW_EMERGENCY, Emergency.objects.select_related("place", "declared_by")
    )


def active_for(user) -> QuerySet:
    return emergencies_visible_to(user).filter(status=EmergencyStatus.ACTIVE)


def emergency_for(*, user, pk) -> Emergency:
    return policy.get_visible_or_404(
        user, rules.VIEW_EMERGENCY, Emergency.objects.select_related("place"), pk=pk
    )


def my_tasks(*, user, emergency: Emergency) -> QuerySet:
    """The households this member confirms: vulnerable first, unreached before the rest."""
    rows = policy.visible(user, rules.CONFIRM_TASK, HouseholdTask.objects.filter(emergency=emergency))
    done = Case(When(status__in=[TaskStatus.PENDING, TaskStatus.NOT_HOME], then=0), default=1)
    return (
        rows.select_related("household__parent__parent__parent")
        .annotate(done=done)
        .order_by("done", "priority", "household_code")
    )


@dataclass
class GridRow:
    code: str
    name: str
    total: int
    reached: int
    not_home: int
    needs_help: int
    pending: int
    escalated: int

    @property
    def share(self) -> float:
        return (self.reached + self.needs_help) / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def board(*, user, emergency: Emergency) -> list[GridRow]:
    """Progress per micro-grid (households outside any grid under "未划入网格"), within the viewer's scope."""
    tasks = policy.visible(user, rules.VIEW_EMERGENCY, HouseholdTask.objects.filter(emergency=emergency))
    rows = (
        tasks.values("grid_code")
        .annotate(
            total=Count("id"),
            reached=Count("id", filter=Q(status=TaskStatus.REACHED)),
            not_home=Count("id", filter=Q(status=TaskStatus.NOT_HOME)),
            needs_help=Count("id", filter=Q(status=TaskStatus.NEEDS_HELP)),
            pending=Count("id", filter=Q(status=TaskStatus.PENDING)),
            escalated=Count(
                "id",
                filter=Q(escalated_at__isnull=False)
                & ~Q(status__in=[TaskStatus.REACHED, TaskStatus.NEEDS_HELP]),
            ),
        )
        .order_by("grid_code")
    )
    names = dict(GridNode.objects.filter(code__in=[r["grid_code"] for r in rows]).values_list("code", "name"))
    return [GridRow(name=names.get(r["grid_code"], "未划入网格"), code=r.pop("grid_code"), **r) for r in rows]


@dataclass
class Clock:
    elapsed: int
    limit: int

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.elapsed)

    @property
    def over(self) -> bool:
        return self.elapsed > self.limit


def clock(emergency: Emergency, now: datetime | None = None) -> Clock:
    end = emergency.closed_at or now or timezone.now()
    return Clock(
        elapsed=int((end - emergency.declared_at).total_seconds() // 60), limit=emergency.reach_minutes
    )
