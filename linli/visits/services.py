"""Writes for visits, patrols and hazards (care alerts: alerts.py). Who needs regular contact is kept in the ledger
(people.services.tag_add / tag_end with a care tag such as 独居老人).

Aggregates: ``Visit`` (one record, linked to the appeal it raised), ``Patrol`` (one check-in),
``Hazard`` with its immutable ``HazardStep`` log and ``HazardPhoto`` rows. Every service is keyword-only,
takes the ``actor``, checks the permission on the object through core.policy (out of scope:
PermissionDenied), runs in one transaction, and raises DomainError or Conflict with a Chinese message —
nothing is written then. Hazard status changes by compare-and-set on ``version``. Notifications go
through the outbox (external channels only after commit).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from linli.appeals.choices import AppealType, Channel
from linli.appeals.services.intake import appeal_submit
from linli.appeals.services.photos import check_photos
from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.notifications.services import notify
from linli.places.choices import GridLevel, PlaceLevel
from linli.places.models import GridNode, Place

from . import rules
from .choices import (
    HAZARD_DEFAULT_DAYS,
    ContactReason,
    HazardCategory,
    HazardStatus,
    HazardStepKind,
    Outcome,
    PhotoKind,
    VisitKind,
)
from .models import Hazard, HazardPhoto, HazardStep, Patrol, Visit
from .recipients import grid_team_for

#: How far back a visit may be entered afterwards (补录).
BACKDATE_DAYS = 31

# --- Visits ---------------------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor,
    household: Place,
    kind: str,
    outcome: str,
    reason: str = "",
    person=None,
    notes: str = "",
    needs_found: str = "",
    visited_at: datetime | None = None,
) -> Visit:
    """Record a visit to ``household``. A 四必联 visit needs its reason; other kinds carry none. Raises
    PermissionDenied when the household lies outside the actor's scope, DomainError for bad input."""
    if household.level != PlaceLevel.HOUSEHOLD:
        raise DomainError("请选择要走访的住户。", field="household")
    if not policy.may(actor, rules.RECORD_VISIT, household):
        raise PermissionDenied
    if kind not in VisitKind.values:
        raise DomainError("请选择走访类型。", field="kind")
    if kind == VisitKind.FOUR_CONTACTS:
        if reason not in ContactReason.values:
            raise DomainError("四必联请选择事由（疫情防控、入户走访、空巢留守、邻里纠纷）。", field="reason")
    else:
        reason = ""
    if outcome not in Outcome.values:
        raise DomainError("请选择走访结果。", field="outcome")
    if person is not None and person.household_id != household.pk:
        raise DomainError("所选居民不住在这一户。", field="person")
    now = timezone.now()
    visited_at = visited_at or now
    if visited_at > now + timedelta(minutes=5):
        raise DomainError("走访时间不能晚于现在。", field="visited_at")
    if visited_at < now - timedelta(days=BACKDATE_DAYS):
        raise DomainError(f"只能补录 {BACKDATE_DAYS} 天内的走访。", field="visited_at")
    notes, needs_found = (notes or "").strip(), (needs_found or "").strip()
    if len(notes) > 1000:
        raise DomainError("走访情况不能超过 1000 字。", field="notes")
    if len(needs_found) > 2000:
        raise DomainError("发现的需求不能超过 2000 字。", field="needs_found")
    return Visit.objects.create(
        kind=kind,
        reason=reason,
        household=household,
        person=person,
        place_code=household.code,
        grid_code=household.grid.code if household.grid_id else "",
        visitor=actor,
        visitor_role=policy.acting_role(actor, rules.RECORD_VISIT),
        visited_at=visited_at,
        outcome=outcome,
        notes=notes,
        needs_found=needs_found,
    )


@transaction.atomic
def visit_record_with_appeal(
    *,
    actor,
    household: Place,
    kind: str,
    outcome: str,
    needs_found: str,
    appeal_type: str = AppealType.HELP,
    reporter_name: str = "",
    reporter_phone: str = "",
    **visit_fields,
) -> Visit:
    """Record a visit and turn the need found into an appeal (channel 走访, received at once) in the same
    transaction: both exist, linked, or neither does. The appeal's reporter is the resident met, when
    they have an account."""
    needs_found = (needs_found or "").strip()
    if not needs_found:
        raise DomainError("请写明发现的需求，才能转为诉求。", field="needs_found")
    visit = visit_record(
        actor=actor, household=household, kind=kind, outcome=outcome, needs_found=needs_found, **visit_fields
    )
    person = visit.person
    try:
        appeal = appeal_submit(
            actor=actor,
            channel=Channel.VISIT,
            text=needs_found,
            place=household,
            appeal_type=appeal_type,
            reporter=person.user if person is not None and person.user_id else None,
            reporter_name=reporter_name or (person.name if person is not None else ""),
            reporter_phone=reporter_phone,
            event_note=f"{visit.get_kind_display()}时发现的需求（走访记录 {visit.pk}）",
            event_data={"visit": visit.pk},
        )
    except DomainError as exc:
        raise DomainError(exc.message, field="needs_found" if exc.field == "text" else exc.field) from exc
    Visit.objects.filter(pk=visit.pk).update(appeal=appeal)
    visit.appeal = appeal
    return visit


# --- Patrols --------------------------------------------------------------------------------------


@transaction.atomic
def patrol_check_in(
    *,
    actor,
    grid: GridNode,
    notes: str = "",
    issues_found: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Patrol:
    """One patrol check-in on ``grid`` (一般网格 or 微网格 within the actor's scope). Two check-ins less
    than LINLI_PATROL_MIN_GAP_MINUTES apart are one patrol: the second is refused."""
    if grid.level not in (GridLevel.GENERAL, GridLevel.MICRO):
        raise DomainError("请选择一般网格或微网格签到。", field="grid")
    if not policy.may(actor, rules.CHECK_IN_PATROL, grid):
        raise PermissionDenied
    if (latitude is None) != (longitude is None):
        raise DomainError("位置信息不完整。", field="latitude")
    now = timezone.now()
    gap = settings.LINLI_PATROL_MIN_GAP_MINUTES
    window = timedelta(minutes=gap)
    if Patrol.objects.filter(
        worker=actor, checked_in_at__gt=now - window, checked_in_at__lt=now + window
    ).exists():
        raise DomainError(f"距上次签到不足 {gap} 分钟，请巡查一圈后再签到。")
    return Patrol.objects.create(
        grid=grid,
        grid_code=grid.code,
        worker=actor,
        worker_role=policy.acting_role(actor, rules.CHECK_IN_PATROL),
        checked_in_at=now,
        latitude=latitude,
        longitude=longitude,
        notes=(notes or "").strip()[:500],
        issues_found=(issues_found or "").strip()[:500],
    )


# --- Hazards --------------------------------------------------------------------------------------


def hazard_grid_code(place: Place) -> str:
    """The grid that owns a hazard at ``place``: the household's 微网格; for a 单元, 楼栋 or 小区 the one
    微网格 (or else the one 一般网格) all its households belong to; else none (scoped by place only)."""
    if place.level == PlaceLevel.HOUSEHOLD:
        return place.grid.code if place.grid_id else ""
    codes = set(
        Place.objects.filter(code__gte=place.code, code__lt=place.code + "~", level=PlaceLevel.HOUSEHOLD)
        .exclude(grid__isnull=True)
        .values_list("grid__code", flat=True)
        .distinct()
    )
    if len(codes) == 1:
        return codes.pop()
    generals = {c[:15] for c in codes}
    return generals.pop() if len(generals) == 1 else ""


def _attach(hazard: Hazard, step: HazardStep, kind: str, photos: Sequence[UploadedFile]) -> None:
    for photo in photos:
        HazardPhoto.objects.create(hazard=hazard, step=step, kind=kind, image=photo)


def _step(hazard: Hazard, *, kind, actor, permission, note="", from_status="", to_status="") -> HazardStep:
    return HazardStep.objects.create(
        hazard=hazard,
        kind=kind,
        note=note,
        by=actor,
        by_role=policy.acting_role(actor, permission),
        from_status=from_status,
        to_status=to_status,
        at=timezone.now(),
    )


@transaction.atomic
def hazard_report(
    *,
    actor,
    place: Place,
    category: str,
    description: str,
    deadline: date | None = None,
    address: str = "",
    photos: Sequence[UploadedFile] = (),
) -> Hazard:
    """Report a hazard at ``place`` (小区 down to 户). The deadline defaults by category
    (HAZARD_DEFAULT_DAYS, natural days). The grid team of the place hears of it."""
    if place.level < PlaceLevel.COMPOUND:
        raise DomainError("请选择隐患所在的小区、楼栋、单元或住户。", field="place")
    if not policy.may(actor, rules.REPORT_HAZARD, place):
        raise PermissionDenied
    if category not in HazardCategory.values:
        raise DomainError("请选择隐患类别。", field="category")
    description = (description or "").strip()
    if len(description) < 5:
        raise DomainError("请把隐患说清楚一些（至少 5 个字）。", field="description")
    if len(description) > 1000:
        raise DomainError("隐患描述不能超过 1000 字。", field="description")
    check_photos(photos)
    now = timezone.now()
    today = timezone.localdate(now)
    deadline = deadline or today + timedelta(days=HAZARD_DEFAULT_DAYS[category])
    if deadline < today:
        raise DomainError("整改期限不能早于今天。", field="deadline")
    hazard = Hazard.objects.create(
        category=category,
        place=place,
        place_code=place.code,
        grid_code=hazard_grid_code(place),
        address=(address or "").strip()[:200],
        description=description,
        found_by=actor,
        found_by_role=policy.acting_role(actor, rules.REPORT_HAZARD),
        found_at=now,
        deadline=deadline,
    )
    step = _step(
        hazard,
        kind=HazardStepKind.REPORTED,
        actor=actor,
        permission=rules.REPORT_HAZARD,
        note=description,
        to_status=HazardStatus.OPEN,
    )
    _attach(hazard, step, PhotoKind.FOUND, photos)
    notify(
        recipients=[u for u in grid_team_for(hazard.place_code, hazard.grid_code) if u.pk != actor.pk],
        kind="visits.hazard_reported",
        title=f"新隐患：{hazard.get_category_display()}（{place.display_name}）",
        body=f"{description[:100]}\n整改期限：{deadline:%Y-%m-%d}",
        url=reverse("visits:hazard_detail", args=[hazard.pk]),
    )
    return hazard


def _move(hazard: Hazard, *, sources: set[str], target: str, **changes) -> None:
    updated = Hazard.objects.filter(pk=hazard.pk, status__in=sources, version=hazard.version).update(
        status=target, version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise Conflict("该隐患刚刚已被他人处理，请刷新页面后再试。")


@transaction.atomic
def hazard_add_step(*, actor, hazard: Hazard, note: str, photos: Sequence[UploadedFile] = ()) -> HazardStep:
    """Record a rectification step; the first one moves the hazard from 待整改 to 整改中."""
    if not policy.may(actor, rules.HANDLE_HAZARD, hazard):
        raise PermissionDenied
    if hazard.status == HazardStatus.CLOSED:
        raise Conflict("隐患已销号，不能再添加整改记录。")
    note = (note or "").strip()
    if len(note) < 2:
        raise DomainError("请写明整改进展。", field="note")
    check_photos(photos)
    before = hazard.status
    _move(hazard, sources={HazardStatus.OPEN, HazardStatus.RECTIFYING}, target=HazardStatus.RECTIFYING)
    step = _step(
        hazard,
        kind=HazardStepKind.STEP,
        actor=actor,
        permission=rules.HANDLE_HAZARD,
        note=note[:1000],
        from_status=before,
        to_status=HazardStatus.RECTIFYING,
    )
    _attach(hazard, step, PhotoKind.STEP, photos)
    hazard.refresh_from_db()
    return step


@transaction.atomic
def hazard_close(*, actor, hazard: Hazard, evidence: str, photos: Sequence[UploadedFile]) -> Hazard:
    """整改销号: only with evidence — what was done, and at least one photo of the result."""
    if not policy.may(actor, rules.CLOSE_HAZARD, hazard):
        raise PermissionDenied
    if hazard.status == HazardStatus.CLOSED:
        raise Conflict("隐患已销号，不能重复销号。")
    evidence = (evidence or "").strip()
    if len(evidence) < 4:
        raise DomainError("销号须写明整改结果作为佐证。", field="evidence")
    if not photos:
        raise DomainError("销号须上传整改后的照片作为佐证。", field="photos")
    check_photos(photos)
    before, now = hazard.status, timezone.now()
    _move(
        hazard,
        sources={HazardStatus.OPEN, HazardStatus.RECTIFYING},
        target=HazardStatus.CLOSED,
        closed_at=now,
        closed_by=actor,
        evidence=evidence[:1000],
    )
    step = _step(
        hazard,
        kind=HazardStepKind.CLOSED,
        actor=actor,
        permission=rules.CLOSE_HAZARD,
        note=evidence[:1000],
        from_status=before,
        to_status=HazardStatus.CLOSED,
    )
    _attach(hazard, step, PhotoKind.EVIDENCE, photos)
    hazard.refresh_from_db()
    return hazard


@transaction.atomic
def hazard_to_appeal(*, actor, hazard: Hazard):
    """转为工单: an appeal (channel 网格巡查, received at once) for the desk to dispatch; the hazard keeps
    its own status and links the appeal. Raises Conflict when closed or already turned."""
    if not policy.may(actor, rules.HANDLE_HAZARD, hazard):
        raise PermissionDenied
    if hazard.status == HazardStatus.CLOSED:
        raise Conflict("隐患已销号，无需转为工单。")
    if hazard.appeal_id:
        raise Conflict(f"已转为工单（编号 {hazard.appeal.number}）。")
    appeal = appeal_submit(
        actor=actor,
        channel=Channel.PATROL,
        appeal_type=AppealType.REPORT,
        title=f"安全隐患：{hazard.get_category_display()}",
        text=f"{hazard.description}（整改期限 {hazard.deadline:%Y-%m-%d}）",
        place=hazard.place,
        address=hazard.address,
        event_note=f"由安全隐患 {hazard.pk} 转为工单",
        event_data={"hazard": hazard.pk},
    )
    updated = Hazard.objects.filter(pk=hazard.pk, version=hazard.version, appeal__isnull=True).update(
        appeal=appeal, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise Conflict("该隐患刚刚已被他人处理，请刷新页面后再试。")
    _step(
        hazard,
        kind=HazardStepKind.TO_APPEAL,
        actor=actor,
        permission=rules.HANDLE_HAZARD,
        note=f"工单编号 {appeal.number}",
        from_status=hazard.status,
        to_status=hazard.status,
    )
    hazard.refresh_from_db()
    return appeal
