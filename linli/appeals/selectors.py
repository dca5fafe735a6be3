"""Reads of appeals that depend on who asks: every queryset passes through core.policy."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from linli.core import policy
from linli.core.policy import subtree_q

from . import rules
from .choices import Flow, Level, Status
from .models import Appeal, AppealEvent, Category, HandlingUnit

_WIDTH_LEVEL = {6: Level.DISTRICT, 9: Level.STREET, 12: Level.COMMUNITY}


def appeal_visible_to(user) -> QuerySet:
    return policy.visible(user, rules.VIEW_APPEAL, Appeal.objects.all())


def appeals_under(*, place_codes) -> QuerySet:
    """Appeals located under the given places (all when ``place_codes`` is None), without the reader's
    appeal permissions: for an app whose own rule has already decided the places the reader covers
    (property.view_dispute: a 小区's property staff see its 物业服务 appeals as their work list)."""
    if place_codes is None:
        return Appeal.objects.all()
    return Appeal.objects.filter(subtree_q("place_code", place_codes))


def appeal_get_for_user(*, user, pk) -> Appeal:
    return policy.get_visible_or_404(
        user,
        rules.VIEW_APPEAL,
        Appeal.objects.select_related(
            "category__parent", "place", "unit", "assignee", "reporter", "merged_into"
        ),
        pk=pk,
    )


def _desk_q(user, permission: str) -> Q:
    """Appeals at a level the user's desk handles: under each node, those at its level or below."""
    q = Q(pk__in=[])
    roles = policy.roles_granting(permission)
    for a in user.active_assignments():
        if a.role not in roles:
            continue
        if a.place_code is None and a.grid_code is None:
            return Q()
        if a.place_code:
            level = _WIDTH_LEVEL.get(len(a.place_code), Level.COMPOUND)
            q |= subtree_q("place_code", [a.place_code]) & Q(level__gte=level)
        else:
            q |= subtree_q("grid_code", [a.grid_code]) & Q(level__gte=Level.COMMUNITY)
    return q


QUEUES = {
    # key: (label, permission, filter)
    "to_receive": ("待受理", rules.RECEIVE_APPEAL, Q(status=Status.SUBMITTED)),
    "to_dispatch": ("待派单", rules.DISPATCH_APPEAL, Q(status=Status.RECEIVED)),
    "to_check": ("待核查办结", rules.DISPATCH_APPEAL, Q(status=Status.REPLIED)),
    "extensions": (
        "延期待审批",
        rules.DISPATCH_APPEAL,
        Q(status=Status.IN_PROGRESS, extension_requested_days__isnull=False),
    ),
    "to_sign": ("待签收", rules.HANDLE_APPEAL, Q(status=Status.DISPATCHED)),
    "handling": ("办理中", rules.HANDLE_APPEAL, Q(status=Status.IN_PROGRESS)),
    "to_claim": (
        "可接单",
        rules.CLAIM_APPEAL,
        Q(status=Status.RECEIVED, flow=Flow.COMMUNITY, level=Level.COMPOUND),
    ),
    "to_visit": ("待回访", rules.VISIT_APPEAL, Q(status=Status.CLOSED, visited_at__isnull=True)),
    "parked": ("缓办/挂账", rules.DISPATCH_APPEAL, Q(status__in=[Status.POSTPONED, Status.SHELVED])),
    "mine": ("我提交的", rules.VIEW_APPEAL, None),
    "all": ("全部", rules.VIEW_APPEAL, Q()),
}
_DESK_QUEUES = {"to_receive", "to_dispatch", "to_check", "extensions", "parked"}


def queue(*, user, key: str) -> QuerySet:
    label, permission, condition = QUEUES[key]
    if key == "mine":
        return appeal_visible_to(user).filter(Q(reporter=user) | Q(on_behalf_by=user))
    qs = policy.visible(user, permission, Appeal.objects.all()).filter(condition)
    if key in _DESK_QUEUES:
        qs = qs.filter(_desk_q(user, permission))
    if key in ("to_sign", "handling"):
        qs = qs.filter(Appeal.relation_q(user, permission))
    return qs


def queue_counts(*, user) -> dict[str, int]:
    out = {}
    for key, (_, permission, _) in QUEUES.items():
        if key in ("all",) or not policy.may(user, permission):
            continue
        out[key] = queue(user=user, key=key).count()
    return out


def filter_appeals(qs: QuerySet, *, status="", category="", channel="", card="", q="", place="") -> QuerySet:
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(Q(category__code=category) | Q(category__parent__code=category))
    if channel:
        qs = qs.filter(channel=channel)
    if card == "yellow":
        qs = qs.filter(yellow_card_at__isnull=False, red_card_at__isnull=True)
    elif card == "red":
        qs = qs.filter(red_card_at__isnull=False)
    elif card == "overdue":
        qs = qs.filter(handle_due__lt=timezone.now(), status__in=[Status.DISPATCHED, Status.IN_PROGRESS])
    if q:
        qs = qs.filter(Q(text__contains=q) | Q(title__contains=q) | Q(number=q))
    if place:
        qs = qs.filter(subtree_q("place_code", [place]))
    return qs


def timeline_for(*, user, appeal: Appeal, internal: bool | None = None) -> list[AppealEvent]:
    """The appeal's events; internal notes only for those who may read them (``internal``: whether
    ``user`` may, when the caller has already asked the policy)."""
    events = appeal.events.select_related("actor").prefetch_related("photos")
    if internal is None:
        internal = policy.may(user, rules.NOTE_APPEAL, appeal)
    if not internal:
        events = events.filter(is_internal=False)
    return list(events)


def dispatch_targets(*, appeal: Appeal) -> list[HandlingUnit]:
    """Units that can take the appeal — those serving its place or an area around it — with the ones the
    category's routing points to first: 部件先属主后属地 (owner routing: the owning unit's kind, e.g. the
    property company or the utility), 事件先属地后属主 (territory routing: the nearest unit first)."""
    code = appeal.place_code
    ancestors = [code[:w] for w in (6, 9, 12, 15, 18, 20, 24) if w <= len(code)]
    units = list(
        HandlingUnit.objects.filter(is_active=True, place__code__in=ancestors).select_related("place")
    )
    kind = appeal.category.default_unit_kind if appeal.category_id else ""
    owner_routing = appeal.category_id and appeal.category.routing == "owner"
    preferred = _OWNER_KINDS if owner_routing else _TERRITORY_KINDS

    def rank(unit):
        return (unit.kind != kind, unit.kind not in preferred, -len(unit.place.code))

    return sorted(units, key=rank)


_OWNER_KINDS = frozenset({"property", "utility", "department"})
_TERRITORY_KINDS = frozenset({"community", "street_office", "party"})


def leaf_categories() -> QuerySet:
    return Category.objects.filter(is_active=True, parent__isnull=False).select_related("parent")


def similar_open_appeals(
    *, appeal: Appeal | None = None, text: str = "", place_code: str = "", limit: int = 5
):
    """Possible duplicates: open appeals of the same 小区 from the last 30 days with similar words."""
    from .similarity import similarity

    text = appeal.text if appeal else text
    place_code = appeal.place_code if appeal else place_code
    if len(place_code) < 15 or not text:
        return []
    since = timezone.now() - timedelta(days=settings.LINLI_APPEAL_DUPLICATE_DAYS)
    candidates = (
        Appeal.objects.filter(subtree_q("place_code", [place_code[:15]]), submitted_at__gte=since)
        .exclude(status__in=[Status.MERGED, Status.INVALID, Status.RATED])
        .select_related("category")
        .order_by("-submitted_at")[:200]
    )
    scored = []
    for other in candidates:
        if appeal is not None and other.pk == appeal.pk:
            continue
        score = similarity(text, other.text)
        if score >= settings.LINLI_APPEAL_DUPLICATE_THRESHOLD:
            scored.append((score, other))
    scored.sort(key=lambda pair: -pair[0])
    return scored[:limit]


def hotspots(*, user, days: int | None = None, minimum: int | None = None) -> list[dict]:
    """未诉先办: the same category in the same 楼栋 (or 小区) again and again within the window."""
    days = days or settings.LINLI_HOTSPOT_DAYS
    minimum = minimum or settings.LINLI_HOTSPOT_MIN
    since = timezone.now() - timedelta(days=days)
    base = (
        appeal_visible_to(user)
        .filter(submitted_at__gte=since, category__isnull=False)
        .exclude(status__in=[Status.INVALID, Status.MERGED])
    )
    from django.db.models.functions import Substr

    rows = (
        base.annotate(spot=Substr("place_code", 1, 18))
        .values("spot", "category__name", "category__code")
        .annotate(n=Count("id"), latest=Max("submitted_at"))
        .filter(n__gte=minimum)
        .order_by("-n", "-latest")[:100]
    )
    from linli.places.models import Place

    names = {p.code: p.display_name for p in Place.objects.filter(code__in=[r["spot"] for r in rows])}
    return [{**r, "place_name": names.get(r["spot"], r["spot"])} for r in rows]


#: Who may be assigned a work order personally (指派): people serving where the appeal is.
ASSIGNABLE_ROLES = frozenset(
    {
        "branch_secretary",
        "branch_member",
        "volunteer",
        "stairwell_leader",
        "caretaker",
        "informant",
        "micro_grid_worker",
        "grid_worker",
        "grid_leader",
        "community_worker",
    }
)


def assignable_people(*, appeal: Appeal):
    """Users holding a serving role at a node that covers the appeal (its place or its grid)."""
    from linli.accounts.models import RoleAssignment, User
    from linli.places.codes import place_ancestor_codes

    places = [*place_ancestor_codes(appeal.place_code), appeal.place_code] if appeal.place_code else []
    grids = [appeal.grid_code[:w] for w in (12, 15, 18) if len(appeal.grid_code) >= w]
    holders = RoleAssignment.objects.active().filter(
        Q(place__code__in=places) | Q(grid__code__in=grids), role__in=ASSIGNABLE_ROLES
    )
    return User.objects.filter(pk__in=holders.values("user"), is_active=True).order_by("name")


def public_near_me(*, user, limit: int = 20):
    """Public appeals of the resident's own 小区 (not their own), newest first — what neighbours raised."""
    compounds = {
        a.place_code[:15]
        for a in user.active_assignments()
        if a.role == "resident" and a.place_code and len(a.place_code) >= 15
    }
    if not compounds:
        return Appeal.objects.none()
    return (
        appeal_visible_to(user)
        .filter(subtree_q("place_code", compounds), is_public=True)
        .exclude(reporter=user)
        .exclude(status__in=[Status.MERGED, Status.INVALID])
        .select_related("category")
        .order_by("-submitted_at")[:limit]
    )
