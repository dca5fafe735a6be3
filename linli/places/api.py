from ninja import Path, Router, Schema

from linli.core.api_errors import errors

from . import selectors
from .codes import place_parent_code

router = Router(tags=["地点与网格"])
#: A place or grid code in the path: anything but NUL, which PostgreSQL cannot compare (it was a 500).
Code = Path(..., pattern=r"^[^\x00]+$", description="地点或网格编码")


class CountsOut(Schema):
    compounds: int
    buildings: int
    units: int
    households: int
    residents: int | None
    grids: int


class PlaceOut(Schema):
    code: str
    name: str
    level: int
    level_label: str
    parent_code: str | None
    grid_code: str | None
    counts: CountsOut | None = None


class GridOut(Schema):
    code: str
    name: str
    level: int
    level_label: str
    parent_code: str | None
    community_code: str
    households: int


def _place_out(place, counts=None) -> dict:
    return {
        "code": place.code,
        "name": place.name,
        "level": place.level,
        "level_label": place.get_level_display(),
        "parent_code": place_parent_code(place.code),
        "grid_code": place.grid.code if place.grid_id else None,
        # residents is a property over the tallies, so not in the dataclass's fields.
        "counts": {**counts.__dict__, "residents": counts.residents} if counts else None,
    }


@router.get("/", response={200: list[PlaceOut], **errors()}, summary="我可查看的最高层级地点（含统计）")
def place_roots(request):
    roots = selectors.place_roots_for_user(request.user)
    counts = selectors.place_counts(user=request.user, places=roots)
    return [_place_out(p, counts[p.code]) for p in roots]


@router.get("/{code}", response={200: PlaceOut, **errors(404, 422)}, summary="一个地点（含统计）")
def place_detail(request, code: str = Code):
    place = selectors.place_get_for_user(user=request.user, code=code)
    return _place_out(place, selectors.place_counts(user=request.user, places=[place])[place.code])


@router.get(
    "/{code}/children", response={200: list[PlaceOut], **errors(404, 422)}, summary="下级地点（含统计）"
)
def place_children(request, code: str = Code):
    place = selectors.place_get_for_user(user=request.user, code=code)
    children = selectors.place_children_for_user(user=request.user, place=place)
    counts = selectors.place_counts(user=request.user, places=children)
    return [_place_out(p, counts[p.code]) for p in children]


grid_router = Router(tags=["地点与网格"])


@grid_router.get("/{code}", response={200: GridOut, **errors(404, 422)}, summary="一个网格")
def grid_detail(request, code: str = Code):
    grid = selectors.grid_get_for_user(user=request.user, code=code)
    counts = selectors.grid_counts(user=request.user, grids=[grid])[grid.code]
    return {
        "code": grid.code,
        "name": grid.name,
        "level": grid.level,
        "level_label": grid.get_level_display(),
        "parent_code": grid.parent.code if grid.parent_id else None,
        "community_code": grid.community.code,
        "households": counts.households,
    }
