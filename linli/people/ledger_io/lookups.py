"""What rows are checked against, loaded once per import: the households in the importer's scope (by
code; by 小区/楼栋/单元/门牌 only when a row uses the address columns) and the active tags."""

from __future__ import annotations

from itertools import islice

from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .. import rules
from ..models import Tag
from .rows import AMBIGUOUS, Lookups

_CHUNK = 5000


def _chunks(items, size: int):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _norm(name: str) -> str:
    return "".join((name or "").split())


def load_lookups(actor) -> tuple[Lookups, set[int]]:
    """Households in the importer's scope (by code, and lazily by 小区/楼栋/单元/门牌) and active tags."""
    homes = policy.visible(actor, rules.IMPORT_PERSON, Place.objects.filter(level=PlaceLevel.HOUSEHOLD))
    rows = list(homes.values_list("code", "id", "name"))
    by_code = {code: pk for code, pk, _ in rows}

    def addresses() -> dict[tuple, int]:
        wanted = sorted({code[:n] for code, _, _ in rows for n in (15, 18, 20)})
        names: dict[str, str] = {}
        for chunk in _chunks(wanted, _CHUNK):
            names.update(Place.objects.filter(code__in=chunk).values_list("code", "name"))
        out: dict[tuple, int] = {}
        for code, pk, name in rows:
            key = (*(_norm(names.get(code[:n], "")) for n in (15, 18, 20)), _norm(name))
            out[key] = AMBIGUOUS if key in out else pk
        return out

    tags = {t.name: (t.pk, t.target) for t in Tag.objects.filter(is_active=True).order_by("sort", "id")}
    return Lookups(by_code=by_code, address_loader=addresses, tags=tags), set(by_code.values())
