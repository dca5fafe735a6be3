"""矛盾不出小区: of the cases concluded in a period (agreement or failure; refused cases were never
mediated and are left out), the share settled by agreement at the 小区 level — not handed up to the
community or street, not sent on to a court. Counted per community and per street."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import Substr

from linli.places.choices import PlaceLevel
from linli.places.codes import PLACE_CODE_WIDTHS
from linli.places.models import Place

from .choices import CONCLUDED, Level, Status


def share(settled_in_compound: int, concluded: int) -> Decimal | None:
    """Percentage with one decimal (half up); None when nothing was concluded (no share to speak of)."""
    if settled_in_compound < 0 or concluded < 0 or settled_in_compound > concluded:
        raise ValueError("counts out of range")
    if concluded == 0:
        return None
    return (Decimal(100 * settled_in_compound) / Decimal(concluded)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    concluded: int
    settled_in_compound: int
    resolved: int

    @property
    def share(self) -> Decimal | None:
        return share(self.settled_in_compound, self.concluded)


def by_level(cases, *, level: int, start: date, end: date) -> list[Row]:
    """Rows per place of ``level`` (community or street) for ``cases`` concluded on [start, end)."""
    width = PLACE_CODE_WIDTHS[level]
    counted = (
        cases.filter(status__in=CONCLUDED, concluded_at__date__gte=start, concluded_at__date__lt=end)
        .annotate(node=Substr("place_code", 1, width))
        .values("node")
        .annotate(
            concluded=Count("pk"),
            resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
            settled=Count("pk", filter=Q(status=Status.RESOLVED, level=Level.COMPOUND)),
        )
        .order_by("node")
    )
    rows = list(counted)
    names = dict(Place.objects.filter(code__in=[r["node"] for r in rows]).values_list("code", "name"))
    return [
        Row(r["node"], names.get(r["node"], r["node"]), r["concluded"], r["settled"], r["resolved"])
        for r in rows
    ]


def total(rows: list[Row]) -> Row:
    return Row(
        "",
        "合计",
        sum(r.concluded for r in rows),
        sum(r.settled_in_compound for r in rows),
        sum(r.resolved for r in rows),
    )


LEVELS = {"community": PlaceLevel.COMMUNITY, "street": PlaceLevel.STREET}
