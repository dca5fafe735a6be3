"""The internal JSON API for appeals: queues, detail with the actions the caller may take, intake,
actions, measures and the taxonomy. Thin over selectors, services and actions.ACTIONS; errors are
mapped to JSON by linli.api (DomainError 400, Conflict 409, PermissionDenied 403, Http404 404)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from linli.core import masking, policy
from linli.core.api_errors import errors
from linli.core.exceptions import Conflict, DomainError
from linli.places.models import Place

from . import rules, selectors
from .actions import ACTIONS, available_actions
from .choices import Channel, Level, Routing, UnitKind
from .deadlines import deadline_state, handle_clock, sign_clock
from .measures import WEIGHT_PRESETS, as_dict, composite, counts_for, rates_from
from .measures_views import measured, period_from
from .models import Appeal
from .schemas import (
    ActionIn,
    ActionResult,
    AppealDetail,
    AppealIn,
    AppealListItem,
    CategoryGroupOut,
    MeasuresOut,
    MeasuresQuery,
)
from .services.intake import STAFF_CHANNELS, appeal_submit, check_intake_rate

router = Router(tags=["诉求"])

#: Channels the API records: other systems (api), staff recording for a resident, the resident's own.
API_CHANNELS = frozenset({Channel.API, Channel.SELF_SERVICE} | STAFF_CHANNELS)
_LIST_TEXT = 200


def _local(dt):
    return timezone.localtime(dt) if dt else None


def _card(appeal: Appeal) -> str:
    if appeal.red_card_at:
        return "red"
    return "yellow" if appeal.yellow_card_at else "none"


def _item(appeal: Appeal, now, *, text_limit: int | None = _LIST_TEXT) -> dict:
    sign = deadline_state(sign_clock(appeal), now)
    handle = deadline_state(handle_clock(appeal), now)
    text = appeal.text
    if text_limit and len(text) > text_limit:
        text = text[: text_limit - 1] + "…"
    return {
        "id": str(appeal.pk),
        "number": appeal.number,
        "title": appeal.title,
        "text": text,
        "status": appeal.status,
        "status_label": appeal.get_status_display(),
        "type": appeal.appeal_type,
        "type_label": appeal.get_appeal_type_display(),
        "category": {"code": appeal.category.code, "name": appeal.category.name} if appeal.category else None,
        "channel": appeal.channel,
        "channel_label": appeal.get_channel_display(),
        "level": appeal.level,
        "level_label": appeal.get_level_display(),
        "unit": appeal.unit.name if appeal.unit else (appeal.assignee.name if appeal.assignee else None),
        "submitted_at": _local(appeal.submitted_at),
        "dispatched_at": _local(appeal.dispatched_at),
        "sign_due": _local(appeal.sign_due),
        "handle_due": _local(appeal.handle_due),
        "card": _card(appeal),
        "deadlines": {"sign": sign, "sign_label": sign.label, "handle": handle, "handle_label": handle.label},
    }


def _detail(request, appeal: Appeal) -> dict:
    user = request.user
    staff_view = policy.may(user, rules.NOTE_APPEAL, appeal)
    reply = appeal.reply or (appeal.merged_into.reply if appeal.merged_into_id else "")
    rated = bool(appeal.satisfaction)
    phone = appeal.reporter_phone
    return {
        **_item(appeal, timezone.now(), text_limit=None),
        "version": appeal.version,
        "place": {"code": appeal.place.code, "name": appeal.place.display_name} if appeal.place else None,
        "address": appeal.address,
        "is_public": appeal.is_public,
        "reporter": {
            "name": appeal.reporter_name,
            "phone_masked": masking.mask_mobile(phone),
            "on_behalf_by": appeal.on_behalf_by.name if appeal.on_behalf_by else None,
        }
        if staff_view
        else None,
        "reply": reply,
        "rating": {
            "satisfaction": appeal.satisfaction,
            "satisfaction_label": appeal.get_satisfaction_display(),
            "resolved": appeal.resolved,
            "comment": appeal.rating_comment,
            "rated_at": _local(appeal.rated_at),
        }
        if rated
        else None,
        "merged_into": appeal.merged_into.number if appeal.merged_into_id else None,
        "extension_requested_days": appeal.extension_requested_days,
        "extension_reason": appeal.extension_reason,
        "closed_at": _local(appeal.closed_at),
        "photos": [
            request.build_absolute_uri(reverse("appeals:photo", args=[appeal.pk, p.pk]))
            for p in appeal.photos.all()
        ],
        "timeline": [
            {
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "at": _local(e.at),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
                "is_internal": e.is_internal,
                "actor": (e.actor.name if e.actor else None) if staff_view else None,
            }
            for e in selectors.timeline_for(user=user, appeal=appeal, internal=staff_view)
        ],
        "actions": [
            {"name": a.name, "label": a.label, "danger": a.danger} for a in available_actions(user, appeal)
        ],
    }


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


@router.get("/", response={200: list[AppealListItem], **errors(400, 422)}, summary="工单队列（分页）")
@paginate
def appeal_list(
    request,
    queue: str = Query(
        "all", description="队列：" + "、".join(f"{k}（{v[0]}）" for k, v in selectors.QUEUES.items())
    ),
    status: str = "",
    category: str = Query("", description="分类编码（一级或二级）"),
    channel: str = "",
    card: str = Query("", description="督办牌：yellow/red/overdue"),
    q: str = Query("", description="在标题、内容中搜索，或按编号查找"),
    place: str = Query("", description="地点编码（含下级）"),
):
    policy.require(request.user, rules.VIEW_APPEAL)
    if queue not in selectors.QUEUES:
        raise DomainError(f"未知的队列“{queue}”，可选：{'、'.join(selectors.QUEUES)}。", field="queue")
    qs = selectors.filter_appeals(
        selectors.queue(user=request.user, key=queue),
        status=status.strip(),
        category=category.strip(),
        channel=channel.strip(),
        card=card.strip(),
        q=q.strip(),
        place=place.strip(),
    )
    qs = qs.select_related("category", "unit", "assignee").order_by("-submitted_at", "-pk")
    now = timezone.now()
    return _Mapped(qs, lambda a: _item(a, now))


@router.get(
    "/categories", response={200: list[CategoryGroupOut], **errors()}, summary="诉求分类及时限（启用的）"
)
def category_list(request):
    levels, routings, kinds = dict(Level.choices), dict(Routing.choices), dict(UnitKind.choices)
    groups: dict[str, dict] = {}
    for c in selectors.leaf_categories().order_by("parent__sort_order", "parent__code", "sort_order", "code"):
        if not c.parent.is_active:
            continue
        group = groups.setdefault(
            c.parent.code, {"code": c.parent.code, "name": c.parent.name, "children": []}
        )
        group["children"].append(
            {
                "code": c.code,
                "name": c.name,
                "sign_limit": c.sign_limit,
                "handle_limit": c.handle_limit,
                "visit_limit": c.visit_limit,
                "default_level": c.default_level,
                "default_level_label": levels.get(c.default_level, ""),
                "routing": c.routing,
                "routing_label": routings.get(c.routing, ""),
                "default_unit_kind": c.default_unit_kind,
                "default_unit_kind_label": kinds.get(c.default_unit_kind, ""),
            }
        )
    return list(groups.values())


@router.get(
    "/measures",
    response={200: MeasuresOut, **errors(400, 403, 404, 422)},
    summary="诉求办理指标（三率等）与综合得分",
)
def appeal_measures(request, filters: Query[MeasuresQuery]):
    policy.require(request.user, rules.VIEW_MEASURES)
    weights = filters.weights
    if weights not in WEIGHT_PRESETS:
        raise DomainError(f"未知的权重方案“{weights}”，可选：{'、'.join(WEIGHT_PRESETS)}。", field="weights")
    start, end = period_from(request)  # the dates are validated above; the defaults live there
    code = filters.place.strip()
    where = None
    if code:
        where = policy.get_visible_or_404(request.user, "places.view_place", Place.objects.all(), code=code)
    counts = counts_for(measured(request.user, place_code=code, start=start, end=end))
    rates = rates_from(counts)
    return {
        "place": {"code": where.code, "name": where.display_name} if where else None,
        "start": start,
        "end": end,
        "weights": weights,
        "counts": as_dict(counts),
        "rates": [
            {
                "key": r.key,
                "label": r.label,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "value": r.value,
                "formula": r.formula,
            }
            for r in rates
        ],
        "score": composite(rates, weights),
    }


@router.get(
    "/{int:appeal_id}",
    response={200: AppealDetail, **errors(404, 422)},
    summary="一条诉求：答复、评价、照片、办理过程、可执行的操作",
)
def appeal_detail(request, appeal_id: int):
    return _detail(request, selectors.appeal_get_for_user(user=request.user, pk=appeal_id))


@router.post(
    "/",
    response={201: AppealDetail, **errors(400, 403, 409, 422, 429)},
    summary="录入诉求（默认渠道：内部接口）",
)
def appeal_create(request, payload: AppealIn):
    policy.require(request.user, rules.SUBMIT_APPEAL)
    if payload.channel not in API_CHANNELS:
        raise DomainError("该渠道不能通过接口录入。", field="channel")
    code = payload.place.strip()
    place = Place.objects.filter(code=code).first() if code else None
    if code and place is None:
        raise DomainError("找不到该地点编码。", field="place")
    category = None
    if payload.category.strip():
        category = selectors.leaf_categories().filter(code=payload.category.strip()).first()
        if category is None:
            raise DomainError("找不到该分类，请填写启用的二级分类编码。", field="category")
    check_intake_rate(actor=request.user)
    appeal = appeal_submit(
        actor=request.user,
        channel=payload.channel,
        text=payload.text,
        title=payload.title,
        appeal_type=payload.appeal_type,
        category=category,
        place=place,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        is_public=payload.is_public,
    )
    # Recorded for someone beyond the caller's view (no reporter account): they still see what they sent.
    with suppress(Http404):
        appeal = selectors.appeal_get_for_user(user=request.user, pk=appeal.pk)
    return Status(201, _detail(request, appeal))


@router.post(
    "/{int:appeal_id}/actions/{name}",
    response={200: ActionResult, **errors(400, 403, 404, 409, 422)},
    summary="执行一项操作（受理、派单、签收、反馈、办结、评价……）",
)
def appeal_act(request, appeal_id: int, name: str, payload: ActionIn):
    appeal = selectors.appeal_get_for_user(user=request.user, pk=appeal_id)
    handler = ACTIONS.get(name)
    if handler is None:
        raise Http404
    if payload.version is not None and payload.version != appeal.version:
        raise Conflict("该诉求刚刚已被他人处理，请刷新后再试。")
    message = handler(request.user, appeal, payload.dict(exclude={"version"}, exclude_none=True))
    try:
        after = _detail(request, selectors.appeal_get_for_user(user=request.user, pk=appeal.pk))
    except Http404:
        after = None
    return {"message": message, "appeal": after}
