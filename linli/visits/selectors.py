"""Reads of visits, coverage, patrols and hazards (care alerts: alerts.py) that depend on who asks. Every queryset
passes through core.policy; counts are grouped queries per level (one per table), never per household.

每月全覆盖走访 counts a household as visited in a month when it had at least one visit of any kind whose
outcome reached it: 见到本人 or 拒绝 (someone answered the door). 家中无人 and 电话联系 do not count —
the household stays on the to-do list until someone is met at the door.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from linli.core import policy
from linli.core.policy import subtree_q
from linli.places.choices import GridLevel, PlaceLevel
from linli.places.codes import PLACE_CODE_WIDTHS
from linli.places.models import GridNode, Place

from . import rules
from .choices import REACHED, HazardStatus
from .compliance import Compliance, compliance, working_days
from .models import Hazard, Patrol, Visit

UNIT_WIDTH = PLACE_CODE_WIDTHS[PlaceLevel.UNIT]
_HOUSEHOLD_CHAIN = "parent__parent__parent"  # 户 → 单元 → 楼栋 → 小区: enough for display_name


# --- Months ---------------------------------------------------------------------------------------


def month_of(moment: datetime | None = None) -> date:
    """The first day of the (local) month of ``moment`` (default now)."""
    return timezone.localdate(moment or timezone.now()).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of the month on the local wall clock, as aware datetimes."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return datetime.combine(first, time.min, tzinfo=tz), datetime.combine(following, time.min, tzinfo=tz)


def _reached(month: date) -> Exists:
    start, end = month_bounds(month)
    return Exists(
        Visit.objects.filter(
            household=OuterRef("pk"), visited_at__gte=start, visited_at__lt=end, outcome__in=REACHED
        )
    )


# --- Households, coverage, the to-do list ---------------------------------------------------------


def households_visible_to(user, permission: str = rules.VIEW_VISIT):
    return policy.visible(user, permission, Place.objects.filter(level=PlaceLevel.HOUSEHOLD))


def _within(qs, *, place_code: str = "", grid_code: str = ""):
    if place_code:
        qs = qs.filter(subtree_q("code", [place_code]))
    if grid_code:
        qs = qs.filter(subtree_q("grid__code", [grid_code]))
    return qs


@dataclass
class CoverageRow:
    code: str  # 单元 or 微网格 code; "" for households outside every grid
    name: str
    total: int
    visited: int

    @property
    def share(self) -> float | None:
        return self.visited / self.total if self.total else None

    @property
    def missing(self) -> int:
        return self.total - self.visited


def coverage_total(*, user, month: date, place_code: str = "", grid_code: str = "") -> CoverageRow:
    homes = _within(households_visible_to(user), place_code=place_code, grid_code=grid_code)
    agg = homes.aggregate(total=Count("pk"), visited=Count("pk", filter=Q(_reached(month))))
    return CoverageRow("", "合计", agg["total"], agg["visited"])


def coverage_by_unit(*, user, month: date, place_code: str = "", grid_code: str = "") -> list[CoverageRow]:
    """Per 楼道/单元: households the user may see, and how many were visited in ``month``."""
    homes = _within(households_visible_to(user), place_code=place_code, grid_code=grid_code)
    rows = list(
        homes.annotate(unit=Substr("code", 1, UNIT_WIDTH))
        .values("unit")
        .annotate(total=Count("pk"), visited=Count("pk", filter=Q(_reached(month))))
        .order_by("unit")
    )
    units = {
        p.code: p
        for p in Place.objects.filter(code__in=[r["unit"] for r in rows]).select_related("parent__parent")
    }
    return [
        CoverageRow(
            r["unit"],
            units[r["unit"]].display_name if r["unit"] in units else r["unit"],
            r["total"],
            r["visited"],
        )
        for r in rows
    ]


def coverage_by_grid(*, user, month: date, place_code: str = "", grid_code: str = "") -> list[CoverageRow]:
    """Per 微网格 (and one row for households not yet in any grid)."""
    homes = _within(households_visible_to(user), place_code=place_code, grid_code=grid_code)
    rows = list(
        homes.values("grid__code", "grid__name")
        .annotate(total=Count("pk"), visited=Count("pk", filter=Q(_reached(month))))
        .order_by("grid__code")
    )
    return [
        CoverageRow(r["grid__code"] or "", r["grid__name"] or "未划网格", r["total"], r["visited"])
        for r in rows
    ]


def households_with_status(*, user, month: date, place_code: str = "", grid_code: str = ""):
    """Households with ``reached`` (visited this month) and ``last_visit`` (any outcome, ever), for the
    drill-down of one 单元 or 微网格."""
    homes = _within(households_visible_to(user), place_code=place_code, grid_code=grid_code)
    return (
        homes.annotate(reached=_reached(month), last_visit=Max("visits__visited_at"))
        .select_related(_HOUSEHOLD_CHAIN, "grid")
        .order_by("code")
    )


def todo(*, user, month: date, place_code: str = "", grid_code: str = ""):
    """The to-do list: households the user may record visits for that nobody has reached this month
    (with ``last_visit``, the latest visit of any outcome, so 家中无人 shows as "tried")."""
    homes = _within(
        households_visible_to(user, rules.RECORD_VISIT), place_code=place_code, grid_code=grid_code
    )
    last = Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_at")
    return (
        homes.exclude(_reached(month))
        .annotate(
            last_visit=Subquery(last.values("visited_at")[:1]),
            last_outcome=Subquery(last.values("outcome")[:1]),
        )
        .select_related(_HOUSEHOLD_CHAIN)
        .order_by("code")
    )


def todo_count(*, user, month: date) -> int:
    return households_visible_to(user, rules.RECORD_VISIT).exclude(_reached(month)).count()


def household_for_visit(*, user, code: str) -> Place:
    """A household the user may record a visit for; 404 when missing or out of scope."""
    return policy.get_visible_or_404(
        user,
        rules.RECORD_VISIT,
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD).select_related(_HOUSEHOLD_CHAIN, "grid"),
        code=code,
    )


def narrowed(*, user, permission: str, place: str = "", grid: str = "") -> dict:
    """The optional place/grid a list is narrowed to, each checked against the user's scope (404 when
    missing or outside it): {"place_code", "grid_code", "place", "grid"}."""
    place, grid = (place or "").strip(), (grid or "").strip()
    out = {"place_code": "", "grid_code": "", "place": None, "grid": None}
    if place:
        out["place"] = policy.get_visible_or_404(
            user, permission, Place.objects.select_related("parent__parent"), code=place
        )
        out["place_code"] = place
    if grid:
        out["grid"] = policy.get_visible_or_404(user, permission, GridNode.objects.all(), code=grid)
        out["grid_code"] = grid
    return out


def visit_visible_to(user):
    return policy.visible(user, rules.VIEW_VISIT, Visit.objects.all())


def visit_history(
    *,
    user,
    place_code: str = "",
    grid_code: str = "",
    kind: str = "",
    month: date | None = None,
    household=None,
):
    """Visits the user may see, newest first, narrowed to a place/grid subtree, a kind, a month or one
    household: unbounded, so callers paginate."""
    qs = visit_visible_to(user)
    if household is not None:
        qs = qs.filter(household=household)
    if place_code:
        qs = qs.filter(subtree_q("place_code", [place_code]))
    if grid_code:
        qs = qs.filter(subtree_q("grid_code", [grid_code]))
    if kind:
        qs = qs.filter(kind=kind)
    if month is not None:
        start, end = month_bounds(month)
        qs = qs.filter(visited_at__gte=start, visited_at__lt=end)
    return qs.select_related(f"household__{_HOUSEHOLD_CHAIN}", "visitor", "person", "appeal").order_by(
        "-visited_at", "-pk"
    )


def visit_get_for_user(*, user, pk: int) -> Visit:
    return policy.get_visible_or_404(
        user,
        rules.VIEW_VISIT,
        Visit.objects.select_related(f"household__{_HOUSEHOLD_CHAIN}", "visitor", "person", "appeal"),
        pk=pk,
    )


# --- Patrols --------------------------------------------------------------------------------------


def patrol_grids_for(user) -> list[GridNode]:
    """The grids where the user patrols: those of their assignments that grant the check-in."""
    roles = policy.roles_granting(rules.CHECK_IN_PATROL)
    codes = {a.grid_code for a in user.active_assignments() if a.role in roles and a.grid_code}
    return list(GridNode.objects.filter(code__in=codes, level__in=[GridLevel.GENERAL, GridLevel.MICRO]))


def patrols_today(*, user, now: datetime | None = None):
    day = timezone.localdate(now or timezone.now())
    start = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return Patrol.objects.filter(
        worker=user, checked_in_at__gte=start, checked_in_at__lt=start + timedelta(days=1)
    )


def patrol_visible_to(user):
    return policy.visible(user, rules.VIEW_PATROL, Patrol.objects.all())


@dataclass
class WorkerCompliance:
    worker: object
    role: str
    result: Compliance


@dataclass
class GridCompliance:
    grid: GridNode
    workers: list[WorkerCompliance] = field(default_factory=list)

    @property
    def result(self) -> Compliance:
        return Compliance(
            sum(w.result.owed_days for w in self.workers),
            sum(w.result.compliant_days for w in self.workers),
            sum(w.result.check_ins for w in self.workers),
        )


def patrol_compliance(*, user, start: date, end: date, calendar) -> list[GridCompliance]:
    """一日三巡 per grid the user may see, from ``start`` to ``end`` (both included): for each 网格员 and
    微网格员 assigned there, the working days they served and on how many they checked in at least
    LINLI_PATROLS_PER_DAY times on that grid (or a grid under it). Three queries in all."""
    from linli.accounts.models import RoleAssignment

    grids = policy.visible(
        user, rules.VIEW_PATROL, GridNode.objects.filter(level__in=[GridLevel.GENERAL, GridLevel.MICRO])
    )
    assignments = list(
        RoleAssignment.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
            Q(revoked_at__isnull=True) | Q(revoked_at__date__gte=start),
            role__in=rules.PATROL_ROLES,
            grid__in=grids,
            valid_from__lte=end,
        )
        .select_related("grid", "user")
        .order_by("grid__code", "user__name")
    )
    if not assignments:
        return []
    tz = timezone.get_current_timezone()
    counts = (
        patrol_visible_to(user)
        .filter(
            worker__in=[a.user_id for a in assignments],
            checked_in_at__gte=datetime.combine(start, time.min, tzinfo=tz),
            checked_in_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
        )
        .annotate(day=TruncDate("checked_in_at", tzinfo=tz))
        .values("worker", "grid_code", "day")
        .annotate(n=Count("pk"))
    )
    per_grid_day: dict[tuple[int, str, date], int] = defaultdict(int)
    for row in counts:
        per_grid_day[(row["worker"], row["grid_code"], row["day"])] += row["n"]
    days = working_days(start, end, calendar.is_workday)
    per_day = settings.LINLI_PATROLS_PER_DAY
    result: dict[str, GridCompliance] = {}
    for a in assignments:
        last = min(end, a.valid_to or end, timezone.localdate(a.revoked_at) if a.revoked_at else end)
        served = [d for d in days if a.valid_from <= d <= last]
        mine = defaultdict(int)
        for (worker, grid_code, day), n in per_grid_day.items():
            if worker == a.user_id and grid_code.startswith(a.grid.code):
                mine[(worker, day)] += n
        row = result.setdefault(a.grid.code, GridCompliance(a.grid))
        row.workers.append(
            WorkerCompliance(
                a.user,
                a.get_role_display(),
                compliance(counts=mine, served={a.user_id: served}, per_day=per_day),
            )
        )
    return list(result.values())


# --- Hazards --------------------------------------------------------------------------------------


def hazard_visible_to(user):
    return policy.visible(user, rules.VIEW_HAZARD, Hazard.objects.all())


def hazard_get_for_user(*, user, pk: int) -> Hazard:
    return policy.get_visible_or_404(
        user,
        rules.VIEW_HAZARD,
        Hazard.objects.select_related(f"place__{_HOUSEHOLD_CHAIN}", "found_by", "closed_by", "appeal"),
        pk=pk,
    )


def hazards_open(*, user):
    return hazard_visible_to(user).exclude(status=HazardStatus.CLOSED)


def hazards_overdue(*, user, today: date | None = None):
    today = today or timezone.localdate()
    return hazard_visible_to(user).exclude(status=HazardStatus.CLOSED).filter(deadline__lt=today)


def hazard_places_for(user, limit: int = 500) -> list[Place]:
    """Places the user may report a hazard at, for the form: 小区, 楼栋 and 单元 in scope."""
    return list(
        policy.visible(
            user,
            rules.REPORT_HAZARD,
            Place.objects.filter(level__in=[PlaceLevel.COMPOUND, PlaceLevel.BUILDING, PlaceLevel.UNIT]),
        )
        .select_related("parent__parent")
        .order_by("code")[:limit]
    )
