"""Reads for the Open311 interface. What the public may read lives here and nowhere else: appeals that
came in through Open311 (not those a resident shared with their 小区's neighbours), and only once they are
numbered and categorised. Key listings go through core.policy like every staff read."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from linli.appeals.choices import CLOSED_STATES, Channel
from linli.appeals.models import Appeal, Category
from linli.core import policy
from linli.places.models import Place

from . import rules
from .models import ApiKey, RequestToken, ServiceAttribute

MAX_REQUESTS = 1000
COMPOUND_WIDTH = 15


def api_key_visible_to(user) -> QuerySet:
    return policy.visible(user, rules.MANAGE_KEY, ApiKey.objects.select_related("place", "created_by"))


def api_key_get_for_user(*, user, pk) -> ApiKey:
    return policy.get_visible_or_404(user, rules.MANAGE_KEY, ApiKey.objects.all(), pk=pk)


def services() -> QuerySet:
    """Active leaf categories, each with ``has_attributes``."""
    has_attributes = Exists(ServiceAttribute.objects.filter(category=OuterRef("pk")))
    return (
        Category.objects.filter(is_active=True, parent__isnull=False, parent__is_active=True)
        .select_related("parent")
        .annotate(has_attributes=has_attributes)
        .order_by("parent__sort_order", "parent__code", "sort_order", "code")
    )


def service_get(code: str) -> Category | None:
    return services().filter(code=code).first()


def service_attributes(category: Category) -> list[ServiceAttribute]:
    return list(ServiceAttribute.objects.filter(category=category).order_by("order", "code"))


def token_get(token: str) -> RequestToken | None:
    return RequestToken.objects.select_related("appeal").filter(token=token).first()


def public_requests() -> QuerySet:
    """Appeals anyone may read through Open311 (see the module docstring)."""
    return (
        # Only what was sent through this public interface: a resident who shares an appeal with the
        # neighbours of their 小区 has not agreed to publish it to the internet.
        Appeal.objects.filter(channel=Channel.OPEN311)
        .filter(number__isnull=False, category__isnull=False)
        .select_related("category", "unit", "place", "open311_request")
        # Only what representations.request shows: a list is up to 1,000 of them.
        .only(*REQUEST_FIELDS)
    )


#: The columns an Open311 request is made of (representations.request).
REQUEST_FIELDS = (
    "number",
    "channel",
    "status",
    "text",
    "reply",
    "address",
    "place_code",
    "latitude",
    "longitude",
    "submitted_at",
    "updated_at",
    "closed_at",
    "handle_due",
    "category__code",
    "category__name",
    "category__sign_limit",
    "category__handle_limit",
    "unit__name",
    "place__name",
    "open311_request__media_url",
)


def request_get(service_request_id: str) -> Appeal | None:
    return public_requests().filter(number=service_request_id).first()


def request_search(
    *,
    ids: list[str] | None = None,
    service_codes: list[str] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: list[str] = (),
    limit: int = MAX_REQUESTS,
) -> list[Appeal]:
    """Newest first, at most ``limit``. ``ids`` (service_request_id) overrides every other filter."""
    qs = public_requests()
    if ids is not None:
        qs = qs.filter(number__in=ids)
    else:
        if service_codes:
            qs = qs.filter(category__code__in=service_codes)
        if start is not None:
            qs = qs.filter(submitted_at__gte=start)
        if end is not None:
            qs = qs.filter(submitted_at__lte=end)
        wanted = set(statuses)
        if wanted == {"open"}:
            qs = qs.exclude(status__in=CLOSED_STATES)
        elif wanted == {"closed"}:
            qs = qs.filter(status__in=CLOSED_STATES)
    return list(qs.order_by("-submitted_at", "-pk")[:limit])


def first_photos(appeals: list[Appeal]) -> dict[int, int]:
    """{appeal id: id of its first photo}, in one query."""
    from linli.appeals.models import AppealPhoto

    found: dict[int, int] = {}
    rows = AppealPhoto.objects.filter(appeal__in=[a.pk for a in appeals]).order_by("appeal_id", "id")
    for appeal_id, photo_id in rows.values_list("appeal_id", "id"):
        found.setdefault(appeal_id, photo_id)
    return found


def compound_names(appeals: list[Appeal]) -> dict[str, str]:
    """{小区 code: 小区 name} for the appeals lying in or under a 小区, in one query."""
    codes = {a.place_code[:COMPOUND_WIDTH] for a in appeals if len(a.place_code) >= COMPOUND_WIDTH}
    return dict(Place.objects.filter(code__in=codes).values_list("code", "name"))
