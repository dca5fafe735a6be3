"""Intake (多渠道收集): a resident reports for themselves, or someone records it for them (代办), from any
channel. Validates text, place and photos; stamps the place and grid codes that scope the appeal."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from linli.accounts.security import is_staff_user
from linli.core import policy, ratelimit
from linli.core.exceptions import Conflict, DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .. import rules
from ..choices import AppealType, Channel, EventKind, Flow, Level, Status
from ..models import Appeal, AppealEvent, Category
from .photos import attach, check_photos

logger = logging.getLogger(__name__)

#: Channels from other systems: the place may be any node the caller can name (a street, a district),
#: and the appeal is then handled at that level until the desk locates it more precisely.
EXTERNAL_CHANNELS = frozenset({Channel.OPEN311, Channel.API, Channel.HOTLINE})
#: Channels where a staff member records the appeal: it is received (受理) at once.
STAFF_CHANNELS = frozenset(
    {Channel.ON_BEHALF, Channel.RECEPTION_DAY, Channel.VISIT, Channel.FORUM, Channel.PATROL, Channel.HOTLINE}
)


def resident_places(user) -> list[Place]:
    """The places a resident may report about: their household, its building and their 小区."""
    codes = [a.place_code for a in user.active_assignments() if a.role == "resident" and a.place_code]
    wanted = set()
    for code in codes:
        wanted |= {code, code[:18], code[:15]}
    return list(Place.objects.filter(code__in=wanted, level__gte=PlaceLevel.COMPOUND).order_by("code"))


def check_intake_rate(*, actor) -> None:
    """At most LINLI_INTAKE_PER_HOUR appeals an hour from a resident's account, LINLI_INTAKE_STAFF_PER_HOUR
    from a staff member's (代办 at a busy desk); the next raises RateLimited (HTTP 429). Called by the web
    form and the API before ``appeal_submit`` — not by imports, the demo or Open311 (limited per key)."""
    ratelimit.intake(actor, staff=is_staff_user(actor))


def _check_place(actor, channel: str, place: Place | None) -> None:
    if place is None:
        raise DomainError("请选择诉求发生的地点。", field="place")
    if place.level < PlaceLevel.COMPOUND and channel not in EXTERNAL_CHANNELS:
        raise DomainError("请选择具体的小区、楼栋或住户。", field="place")
    if channel == Channel.SELF_SERVICE:
        if place.pk not in {p.pk for p in resident_places(actor)}:
            raise DomainError("只能反映自己家或自己小区的事情。", field="place")
    # Open311 takes reports from the public at large; every other channel, the internal API included,
    # has a signed-in actor who records only within their own territory.
    elif channel != Channel.OPEN311 and not policy.may(actor, rules.SUBMIT_APPEAL, place):
        raise DomainError("该地点不在您的管辖范围内。", field="place")


def _resident_with_phone(phone: str, place: Place):
    """The account of a resident with this mobile number who lives in (or around) this place, if any."""
    from linli.accounts.models import User

    user = User.objects.filter(phone=phone, is_active=True).first()
    if user is None:
        return None
    homes = [a.place_code for a in user.active_assignments() if a.role == "resident" and a.place_code]
    if any(home.startswith(place.code) or place.code.startswith(home[:15]) for home in homes):
        return user
    return None


def _grid_code(place: Place) -> str:
    if place.level == PlaceLevel.HOUSEHOLD and place.grid_id:
        return place.grid.code
    # A 小区 or building within one micro-grid takes that grid; otherwise the appeal is scoped by place only.
    grids = set(
        Place.objects.filter(code__gte=place.code, code__lt=place.code + "~", level=PlaceLevel.HOUSEHOLD)
        .exclude(grid__isnull=True)
        .values_list("grid__code", flat=True)
        .distinct()[:2]
    )
    return grids.pop() if len(grids) == 1 else ""


def _suggest(title: str, text: str) -> tuple[Category | None, float | None]:
    """The classifier's category for an appeal recorded without one. A failing classifier never stops
    intake: the appeal is then recorded without a suggestion (and the failure logged)."""
    try:
        from .. import classifier  # scikit-learn and jieba load on first use, not at start-up

        with transaction.atomic():  # a savepoint: a failed lookup leaves the intake transaction usable
            category, confidence = classifier.suggest(classifier.appeal_text(title, text))
    except Exception:
        logger.exception("Appeal classifier failed; recording the appeal without a suggestion")
        return None, None
    return (category, round(confidence, 4)) if category else (None, None)


@transaction.atomic
def appeal_submit(
    *,
    actor,
    channel: str,
    text: str,
    place: Place | None,
    appeal_type: str = AppealType.HELP,
    category: Category | None = None,
    title: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    is_public: bool = False,
    reporter=None,
    reporter_name: str = "",
    reporter_phone: str = "",
    photos: Sequence[UploadedFile] = (),
    external_source: str = "",
    external_id: str = "",
    event_note: str = "",
    event_data: dict | None = None,
) -> Appeal:
    """Record an appeal. Self-service appeals wait for 受理; appeals recorded by staff are received at
    once. ``event_note`` and ``event_data`` go on the submitted event (what an external system recorded,
    such as the 12345 受理时间). Raises DomainError (Chinese message, with the field) for bad input;
    nothing is written then."""
    if channel not in Channel.values:
        raise DomainError("未知的诉求渠道。", field="channel")
    if appeal_type not in AppealType.values:
        raise DomainError("请选择诉求类型。", field="appeal_type")
    if actor is not None and not policy.may(actor, rules.SUBMIT_APPEAL):
        raise PermissionDenied
    text = (text or "").strip()
    if len(text) < 5:
        raise DomainError("请把事情说清楚一些（至少 5 个字）。", field="text")
    if len(text) > 2000:
        raise DomainError("诉求内容不能超过 2000 字。", field="text")
    check_photos(photos)
    _check_place(actor, channel, place)
    if category is not None and not category.is_active:
        raise DomainError("该分类已停用。", field="category")
    if (
        external_id
        and Appeal.objects.filter(external_source=external_source, external_id=external_id).exists()
    ):
        raise Conflict(f"外部编号 {external_id} 已导入。")

    now = timezone.now()
    staff_channel = channel in STAFF_CHANNELS
    level = category.default_level if category else Level.COMMUNITY
    level = min(level, min(place.level, Level.COMPOUND))  # a place above the 小区 is handled at its own level
    if channel == Channel.SELF_SERVICE:
        reporter = reporter or actor
    elif reporter is None and reporter_phone and staff_channel:
        # 代办 for a resident who has an account: link it, so they follow and rate it themselves.
        reporter = _resident_with_phone(reporter_phone.strip(), place)
    if reporter is not None and not reporter_name:
        reporter_name = reporter.name
    suggested, confidence = (None, None) if category else _suggest(title, text)
    appeal = Appeal.objects.create(
        channel=channel,
        appeal_type=appeal_type,
        category=category,
        suggested_category=suggested,
        suggestion_confidence=confidence,
        title=(title or "").strip()[:80],
        text=text,
        place=place,
        place_code=place.code,
        grid_code=_grid_code(place),
        address=(address or "").strip()[:200],
        latitude=latitude,
        longitude=longitude,
        reporter=reporter,
        reporter_name=reporter_name[:50],
        reporter_phone=(reporter_phone or "")[:20],
        on_behalf_by=actor if staff_channel and actor is not None and actor != reporter else None,
        is_public=is_public,
        status=Status.RECEIVED if staff_channel else Status.SUBMITTED,
        received_at=now if staff_channel else None,
        level=level,
        flow=Flow.COMMUNITY if level == Level.COMPOUND else Flow.STANDARD,
        external_source=external_source,
        external_id=external_id,
    )
    appeal.number = f"{timezone.localtime(now):%Y%m%d}{appeal.pk:06d}"
    Appeal.objects.filter(pk=appeal.pk).update(number=appeal.number)
    role = policy.acting_role(actor, rules.SUBMIT_APPEAL) if actor else ""
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.SUBMITTED,
        actor=actor,
        actor_role=role,
        to_status=Status.SUBMITTED,
        note=(event_note or "")[:2000],
        data={**(event_data or {}), "channel": channel, "on_behalf": bool(appeal.on_behalf_by_id)},
    )
    attach(appeal=appeal, event=event, photos=photos)
    if staff_channel:
        AppealEvent.objects.create(
            appeal=appeal,
            kind=EventKind.RECEIVED,
            actor=actor,
            actor_role=role,
            from_status=Status.SUBMITTED,
            to_status=Status.RECEIVED,
            note="工作人员录入即受理",
        )
    return appeal


@transaction.atomic
def appeal_classify(*, appeal: Appeal, actor, category: Category) -> Appeal:
    """Set or change the category while the appeal waits at the desk."""
    if not policy.may(actor, rules.RECEIVE_APPEAL, appeal):
        raise PermissionDenied
    if appeal.status not in (Status.SUBMITTED, Status.RECEIVED):
        raise Conflict("诉求已派单，不能再更改分类。")
    if not category.is_active or not category.is_leaf:
        raise DomainError("请选择一个二级分类。", field="category")
    level = category.default_level
    changes = {
        "category": category,
        "level": level,
        "flow": Flow.COMMUNITY if level == Level.COMPOUND else Flow.STANDARD,
    }
    if appeal.escalation_count:
        changes.pop("level")
        changes.pop("flow")
    updated = Appeal.objects.filter(pk=appeal.pk, version=appeal.version).update(
        version=F("version") + 1, **changes
    )
    if updated != 1:
        raise Conflict("该诉求刚刚已被他人处理，请刷新页面后再试。")
    AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.CLASSIFIED,
        actor=actor,
        actor_role=policy.acting_role(actor, rules.RECEIVE_APPEAL),
        from_status=appeal.status,
        to_status=appeal.status,
        note=str(category),
        data={"category": category.code, "suggested": appeal.suggested_category_id == category.pk},
    )
    appeal.refresh_from_db()
    return appeal


@transaction.atomic
def appeal_note(*, appeal: Appeal, actor, text: str) -> AppealEvent:
    """内部备注: kept apart from the public reply; residents never see it."""
    if not policy.may(actor, rules.NOTE_APPEAL, appeal):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise DomainError("备注不能为空。", field="text")
    return AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.NOTED,
        actor=actor,
        actor_role=policy.acting_role(actor, rules.NOTE_APPEAL),
        from_status=appeal.status,
        to_status=appeal.status,
        note=text[:2000],
        is_internal=True,
    )
