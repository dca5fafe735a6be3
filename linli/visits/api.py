"""The visits JSON API: visits in the caller's scope (paginated, filtered), one visit, recording a visit
(optionally turning the need found into an appeal), the to-do list, monthly coverage and care alerts.
Thin over selectors and services; errors are mapped to JSON by linli.api (DomainError 400,
PermissionDenied 403, out of scope or missing 404). Residents' names are masked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from linli.core import policy
from linli.core.api_errors import errors
from linli.core.exceptions import DomainError
from linli.core.masking import mask_name
from linli.people.models import Person

from . import rules, selectors, services
from .alerts import care_alerts
from .choices import Outcome, VisitKind
from .models import Visit
from .schemas import CareAlertOut, CoverageOut, TodoItem, VisitIn, VisitOut

router = Router(tags=["走访"])


class _Mapped(Sequence):
    """A queryset the paginator slices and counts, whose rows come out through ``fn``."""

    def __init__(self, queryset, fn: Callable):
        self.queryset, self.fn = queryset, fn

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.fn(row) for row in self.queryset[index]]
        return self.fn(self.queryset[index])


def _local(dt):
    return timezone.localtime(dt) if dt else None


def _visit_out(visit: Visit) -> dict:
    return {
        "id": visit.pk,
        "kind": visit.kind,
        "kind_label": visit.get_kind_display(),
        "reason": visit.reason,
        "reason_label": visit.get_reason_display() if visit.reason else "",
        "outcome": visit.outcome,
        "outcome_label": visit.get_outcome_display(),
        "household": {"code": visit.household.code, "name": visit.household.display_name},
        "grid_code": visit.grid_code,
        "person": mask_name(visit.person.name) if visit.person_id else None,
        "visitor": visit.visitor.name,
        "visitor_role": visit.visitor_role,
        "visited_at": _local(visit.visited_at),
        "notes": visit.notes,
        "needs_found": visit.needs_found,
        "appeal": visit.appeal.number if visit.appeal_id else None,
    }


def _month(raw: str) -> date:
    raw = (raw or "").strip()
    if not raw:
        return selectors.month_of()
    try:
        year, month = (int(x) for x in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise DomainError("月份格式应为 YYYY-MM，例如 2026-05。", field="month") from None


def _ref(node) -> dict | None:
    if node is None:
        return None
    return {"code": node.code, "name": getattr(node, "display_name", node.name)}


@router.get(
    "/",
    response={200: list[VisitOut], **errors(400, 403, 404, 422)},
    summary="走访记录（本人范围内，分页，最新在前）",
)
@paginate
def visit_list(
    request,
    place: str = Query("", description="地点编码（含下级）"),
    grid: str = Query("", description="网格编码（含下级）"),
    kind: str = Query("", description="走访类型"),
    month: str = Query("", description="月份 YYYY-MM"),
):
    policy.require(request.user, rules.VIEW_VISIT)
    where = selectors.narrowed(user=request.user, permission=rules.VIEW_VISIT, place=place, grid=grid)
    if kind and kind not in VisitKind.values:
        raise DomainError(f"未知的走访类型“{kind}”。", field="kind")
    qs = selectors.visit_history(
        user=request.user,
        place_code=where["place_code"],
        grid_code=where["grid_code"],
        kind=kind,
        month=_month(month) if month.strip() else None,
    )
    return _Mapped(qs, _visit_out)


@router.get(
    "/todo", response={200: list[TodoItem], **errors(403, 404, 422)}, summary="本月待走访住户（分页）"
)
@paginate
def visit_todo(
    request,
    place: str = Query("", description="地点编码（含下级）"),
    grid: str = Query("", description="网格编码（含下级）"),
):
    policy.require(request.user, rules.RECORD_VISIT)
    where = selectors.narrowed(user=request.user, permission=rules.RECORD_VISIT, place=place, grid=grid)
    qs = selectors.todo(
        user=request.user,
        month=selectors.month_of(),
        place_code=where["place_code"],
        grid_code=where["grid_code"],
    ).select_related("grid")
    labels = dict(Outcome.choices)

    def row(home) -> dict:
        return {
            "code": home.code,
            "name": home.display_name,
            "grid_code": home.grid.code if home.grid_id else "",
            "last_visit": _local(home.last_visit),
            "last_outcome": home.last_outcome or "",
            "last_outcome_label": labels.get(home.last_outcome, ""),
        }

    return _Mapped(qs, row)


def _row(r) -> dict:
    return {"code": r.code, "name": r.name, "total": r.total, "visited": r.visited, "share": r.share}


@router.get(
    "/coverage",
    response={200: CoverageOut, **errors(400, 403, 404, 422)},
    summary="每月最小单元全覆盖走访：按楼道和微网格",
)
def visit_coverage(
    request,
    month: str = Query("", description="月份 YYYY-MM，默认本月"),
    place: str = Query("", description="地点编码（含下级）"),
    grid: str = Query("", description="网格编码（含下级）"),
):
    policy.require(request.user, rules.VIEW_VISIT)
    chosen = _month(month)
    where = selectors.narrowed(user=request.user, permission=rules.VIEW_VISIT, place=place, grid=grid)
    codes = {"place_code": where["place_code"], "grid_code": where["grid_code"]}
    return {
        "month": chosen,
        "place": _ref(where["place"]),
        "grid": _ref(where["grid"]),
        "total": _row(selectors.coverage_total(user=request.user, month=chosen, **codes)),
        "units": [_row(r) for r in selectors.coverage_by_unit(user=request.user, month=chosen, **codes)],
        "grids": [_row(r) for r in selectors.coverage_by_grid(user=request.user, month=chosen, **codes)],
    }


@router.get(
    "/alerts", response={200: list[CareAlertOut], **errors(403)}, summary="关爱预警：超期未走访联系的关爱对象"
)
def visit_alerts(request):
    policy.require(request.user, rules.VIEW_CARE_ALERT)
    return [
        {
            "person": mask_name(a.person.name),
            "kinds": a.kinds,
            "household": {"code": a.household.code, "name": a.household.display_name},
            "days": a.days,
            "last_contact": _local(a.last_contact),
            "days_since": a.days_since,
            "due": _local(a.due),
        }
        for a in care_alerts(user=request.user)
    ]


@router.get("/{int:visit_id}", response={200: VisitOut, **errors(404, 422)}, summary="一条走访记录")
def visit_detail(request, visit_id: int):
    return _visit_out(selectors.visit_get_for_user(user=request.user, pk=visit_id))


@router.post(
    "/",
    response={201: VisitOut, **errors(400, 403, 404, 409, 422)},
    summary="记录走访（可把发现的需求一并转为诉求）",
)
def visit_create(request, payload: VisitIn):
    household = selectors.household_for_visit(user=request.user, code=payload.household.strip())
    person = None
    if payload.person is not None:
        person = Person.objects.filter(household=household, pk=payload.person).first()
        if person is None:
            raise DomainError("所选居民不住在这一户。", field="person")
    visited_at = payload.visited_at
    if visited_at is not None and timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    fields = {
        "actor": request.user,
        "household": household,
        "kind": payload.kind,
        "reason": payload.reason,
        "outcome": payload.outcome,
        "person": person,
        "notes": payload.notes,
        "visited_at": visited_at,
    }
    try:
        if payload.to_appeal:
            visit = services.visit_record_with_appeal(
                appeal_type=payload.appeal_type, needs_found=payload.needs_found, **fields
            )
        else:
            visit = services.visit_record(needs_found=payload.needs_found, **fields)
    except PermissionDenied:
        raise Http404 from None
    visit = Visit.objects.select_related(
        "household__parent__parent__parent", "visitor", "person", "appeal"
    ).get(pk=visit.pk)
    return Status(201, _visit_out(visit))
