"""The import run: what is known so far (codes → ids, refused codes → their row), the checks that need
the database or the actor's scope, and the bulk writes. See the package docstring for the order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby, islice

from django.utils import timezone

from linli.core import policy
from linli.core.excel import ImportReport, XlsxFile

from .. import excel_layout as L
from ..choices import CompoundKind, GridLevel, PlaceLevel
from ..codes import GRID_CODE_WIDTHS, PLACE_CODE_WIDTHS
from ..models import CompoundProfile, GridNode, Place
from .rows import GridRow, PlaceRow, parse_grid_row, parse_place_row

BATCH_SIZE = 1000


def _batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class ImportRun:
    """One import: what is known so far (codes → ids, refused codes → their row) and the report."""

    def __init__(self, xlsx: XlsxFile, scope: policy.Scope, report: ImportReport):
        self.xlsx, self.scope, self.report = xlsx, scope, report
        self.place_ids: dict[str, int] = {}  # places above households: from the file or the database
        self.place_refused: dict[str, int] = {}  # code → row of a refused row, to explain its children
        self.grid_ids: dict[str, int] = {}
        self.grid_refused: dict[str, int] = {}
        self.now = timezone.now()

    def run(self) -> None:
        has_places, has_grids = self.xlsx.has_sheet(L.PLACES_SHEET), self.xlsx.has_sheet(L.GRIDS_SHEET)
        if has_places:
            self.report.counts(L.PLACES_SHEET)
            self._places_above_households()
        if has_grids:
            self.report.counts(L.GRIDS_SHEET)
            self._grids()
        if has_places:
            self._households()

    def _place_rows(self):
        return self.xlsx.rows(
            L.PLACES_SHEET, columns=[c.header for c in L.PLACE_COLUMNS], required=(L.CODE, L.NAME)
        )

    def _place_error(self, row: int, column: str, message: str) -> None:
        self.report.error(L.PLACES_SHEET, row, column, message)

    def _grid_error(self, row: int, column: str, message: str) -> None:
        self.report.error(L.GRIDS_SHEET, row, column, message)

    # Places above households ---------------------------------------------------------------------

    def _places_above_households(self) -> None:
        pending: list[PlaceRow] = []
        first_row: dict[str, int] = {}
        for number, values in self._place_rows():
            place, errors = parse_place_row(number, values)
            if errors:
                for column, message in errors:
                    self._place_error(number, column, message)
                if place is not None and place.level != PlaceLevel.HOUSEHOLD:
                    self.place_refused.setdefault(place.code, number)
                continue
            if place.level == PlaceLevel.HOUSEHOLD:
                continue  # streamed later, once the grids are in
            if place.code in first_row:
                self._place_error(number, L.CODE, f"编码 {place.code} 与第 {first_row[place.code]} 行重复")
                continue
            first_row[place.code] = number
            pending.append(place)
        pending.sort(key=lambda p: (p.level, p.row))
        for _, same_level in groupby(pending, key=lambda p: p.level):
            for batch in _batches(same_level):
                self._apply_places(batch)

    def _in_scope(self, place: PlaceRow) -> bool:
        # A covered code has a covered parent, or is the root of the actor's scope (which exists): no new
        # node can hang from outside the scope.
        if self.scope.covers_place(place.code):
            return True
        if place.level == PlaceLevel.DISTRICT:
            message = f"区/县 {place.code} 不在您的管辖范围内；新建区/县须由系统管理员导入"
        else:
            message = f"编码 {place.code} 不在您的管辖范围内，不能导入"
        self._place_error(place.row, L.CODE, message)
        return False

    def _refuse_place(self, place: PlaceRow) -> None:
        if place.level != PlaceLevel.HOUSEHOLD:
            self.place_refused.setdefault(place.code, place.row)

    def _known_places(self, codes: Iterable[str]) -> None:
        """Load into place_ids the places above households with these codes not yet known."""
        missing = {c for c in codes if c and c not in self.place_ids and c not in self.place_refused}
        if missing:
            for code, pk, level in Place.objects.filter(code__in=missing).values_list("code", "id", "level"):
                if PLACE_CODE_WIDTHS.get(level) == len(code):
                    self.place_ids[code] = pk

    def _parent_ok(self, place: PlaceRow) -> bool:
        parent = place.parent_code
        if parent is None or parent in self.place_ids:
            return True
        if parent in self.place_refused:
            message = f"上级 {parent}（第 {self.place_refused[parent]} 行）有错误未导入，本行也未导入"
        else:
            message = f"上级 {parent} 在系统和本文件中都找不到，请先建立上级"
        self._place_error(place.row, L.PARENT, message)
        return False

    def _existing(self, model, codes: list[str], fields: tuple[str, ...]) -> dict[str, dict]:
        rows = model.objects.filter(code__in=codes).values("id", "code", "level", *fields)
        return {r["code"]: r for r in rows}

    def _apply_places(self, batch: list[PlaceRow]) -> None:
        # A row refused for scope alone is not "refused" for its children: where it exists, they may hang
        # on it (a community secretary importing the street's file updates their own community's rows).
        in_scope = [p for p in batch if self._in_scope(p)]
        self._known_places(p.parent_code for p in in_scope)
        ok = []
        for p in in_scope:
            if self._parent_ok(p):
                ok.append(p)
            else:
                self._refuse_place(p)
        profile_fields = (
            "compound__place",
            "compound__kind",
            "compound__managed",
            "compound__build_year",
            "compound__area_sqm",
            "compound__declared_households",
        )
        existing = self._existing(Place, [p.code for p in ok], ("name", *profile_fields))
        new_places, new_profiles, changed_places, changed_profiles = [], [], [], []
        for p in ok:
            old = existing.get(p.code)
            if old is None:
                new_places.append(
                    Place(
                        code=p.code, name=p.name, level=p.level, parent_id=self.place_ids.get(p.parent_code)
                    )
                )
                if p.has_profile:
                    new_profiles.append((p.code, _new_profile(p)))
                self.report.count(L.PLACES_SHEET, "created")
                continue
            if old["level"] != p.level:
                self._place_error(
                    p.row, L.CODE, f"编码 {p.code} 已被另一层级（{PlaceLevel(old['level']).label}）的地点使用"
                )
                self._refuse_place(p)
                continue
            self.place_ids[p.code] = old["id"]
            changed = False
            if old["name"] != p.name:
                changed_places.append(Place(id=old["id"], name=p.name, updated_at=self.now))
                changed = True
            if p.has_profile:
                if old["compound__place"] is None:
                    new_profiles.append((p.code, _new_profile(p)))
                    changed = True
                else:
                    profile = _changed_profile(old, p)
                    if profile is not None:
                        changed_profiles.append(profile)
                        changed = True
            self.report.count(L.PLACES_SHEET, "updated" if changed else "unchanged")
        for place in Place.objects.bulk_create(new_places, batch_size=BATCH_SIZE):
            self.place_ids[place.code] = place.id
        for code, profile in new_profiles:
            profile.place_id = self.place_ids[code]
        CompoundProfile.objects.bulk_create([pr for _, pr in new_profiles], batch_size=BATCH_SIZE)
        Place.objects.bulk_update(changed_places, ["name", "updated_at"], batch_size=BATCH_SIZE)
        CompoundProfile.objects.bulk_update(
            changed_profiles,
            ["kind", "managed", "build_year", "area_sqm", "declared_households"],
            batch_size=BATCH_SIZE,
        )

    # Grids ---------------------------------------------------------------------------------------

    def _grids(self) -> None:
        pending: list[GridRow] = []
        first_row: dict[str, int] = {}
        rows = self.xlsx.rows(
            L.GRIDS_SHEET, columns=[c.header for c in L.GRID_COLUMNS], required=(L.GRID_CODE, L.GRID_NAME)
        )
        for number, values in rows:
            grid, errors = parse_grid_row(number, values)
            if errors:
                for column, message in errors:
                    self._grid_error(number, column, message)
                if grid is not None:
                    self.grid_refused.setdefault(grid.code, number)
                continue
            if grid.code in first_row:
                self._grid_error(
                    number, L.GRID_CODE, f"网格编码 {grid.code} 与第 {first_row[grid.code]} 行重复"
                )
                continue
            first_row[grid.code] = number
            pending.append(grid)
        pending.sort(key=lambda g: (g.level, g.row))
        for _, same_level in groupby(pending, key=lambda g: g.level):
            for batch in _batches(same_level):
                self._apply_grids(batch)

    def _known_grids(self, codes: Iterable[str]) -> None:
        missing = {c for c in codes if c and c not in self.grid_ids and c not in self.grid_refused}
        if missing:
            for code, pk, level in GridNode.objects.filter(code__in=missing).values_list(
                "code", "id", "level"
            ):
                if GRID_CODE_WIDTHS.get(level) == len(code):
                    self.grid_ids[code] = pk

    def _grid_in_scope(self, grid: GridRow) -> bool:
        if self.scope.covers_grid(grid.code) or self.scope.covers_place(grid.community_code):
            return True
        self._grid_error(grid.row, L.GRID_CODE, f"网格 {grid.code} 不在您的管辖范围内，不能导入")
        return False

    def _grid_parents_ok(self, grid: GridRow) -> bool:
        community = grid.community_code
        if community not in self.place_ids:
            if community in self.place_refused:
                message = f"所属社区 {community}（地点表第 {self.place_refused[community]} 行）有错误未导入，本行也未导入"
            else:
                message = f"所属社区 {community} 在系统和本文件中都找不到，请先建立社区"
            self._grid_error(grid.row, L.COMMUNITY, message)
            return False
        parent = grid.parent_code
        if parent is not None and parent not in self.grid_ids:
            if parent in self.grid_refused:
                message = f"上级网格 {parent}（第 {self.grid_refused[parent]} 行）有错误未导入，本行也未导入"
            else:
                message = f"上级网格 {parent} 在系统和本文件中都找不到，请先建立上级网格"
            self._grid_error(grid.row, L.GRID_CODE, message)
            return False
        return True

    def _apply_grids(self, batch: list[GridRow]) -> None:
        batch = [g for g in batch if self._grid_in_scope(g)]
        self._known_places(g.community_code for g in batch)
        self._known_grids(g.parent_code for g in batch)
        ok = []
        for g in batch:
            if self._grid_parents_ok(g):
                ok.append(g)
            else:
                self.grid_refused.setdefault(g.code, g.row)
        existing = self._existing(GridNode, [g.code for g in ok], ("name",))
        new, changed = [], []
        for g in ok:
            old = existing.get(g.code)
            if old is None:
                new.append(
                    GridNode(
                        code=g.code,
                        name=g.name,
                        level=g.level,
                        parent_id=self.grid_ids.get(g.parent_code),
                        community_id=self.place_ids[g.community_code],
                    )
                )
                self.report.count(L.GRIDS_SHEET, "created")
                continue
            if old["level"] != g.level:
                self._grid_error(
                    g.row,
                    L.GRID_CODE,
                    f"网格编码 {g.code} 已被另一层级（{GridLevel(old['level']).label}）的网格使用",
                )
                self.grid_refused.setdefault(g.code, g.row)
                continue
            self.grid_ids[g.code] = old["id"]
            if old["name"] != g.name:
                changed.append(GridNode(id=old["id"], name=g.name, updated_at=self.now))
                self.report.count(L.GRIDS_SHEET, "updated")
            else:
                self.report.count(L.GRIDS_SHEET, "unchanged")
        for grid in GridNode.objects.bulk_create(new, batch_size=BATCH_SIZE):
            self.grid_ids[grid.code] = grid.id
        GridNode.objects.bulk_update(changed, ["name", "updated_at"], batch_size=BATCH_SIZE)

    # Households ----------------------------------------------------------------------------------

    def _households(self) -> None:
        first_row: dict[str, int] = {}

        def rows():
            for number, values in self._place_rows():
                place, errors = parse_place_row(number, values)
                if errors or place.level != PlaceLevel.HOUSEHOLD:
                    continue  # reported, or applied, with the places above households
                if place.code in first_row:
                    self._place_error(
                        number, L.CODE, f"编码 {place.code} 与第 {first_row[place.code]} 行重复"
                    )
                    continue
                first_row[place.code] = number
                yield place

        for batch in _batches(rows()):
            self._apply_households(batch)

    def _grid_ok(self, home: PlaceRow) -> bool:
        code = home.grid_code
        if not code or code in self.grid_ids:
            return True
        if code in self.grid_refused:
            message = f"微网格 {code}（网格表第 {self.grid_refused[code]} 行）有错误未导入，本行也未导入"
        else:
            message = f"微网格 {code} 在系统和本文件中都找不到"
        self._place_error(home.row, L.GRID, message)
        return False

    def _apply_households(self, batch: list[PlaceRow]) -> None:
        batch = [h for h in batch if self._in_scope(h)]
        self._known_places(h.parent_code for h in batch)
        self._known_grids(h.grid_code for h in batch)
        ok = [h for h in batch if self._parent_ok(h) and self._grid_ok(h)]
        existing = self._existing(Place, [h.code for h in ok], ("name", "grid_id"))
        new, changed = [], []
        for h in ok:
            grid_id = self.grid_ids.get(h.grid_code) if h.grid_code else None
            old = existing.get(h.code)
            if old is None:
                new.append(
                    Place(
                        code=h.code,
                        name=h.name,
                        level=h.level,
                        parent_id=self.place_ids[h.parent_code],
                        grid_id=grid_id,
                    )
                )
                self.report.count(L.PLACES_SHEET, "created")
                continue
            if old["level"] != h.level:
                self._place_error(
                    h.row, L.CODE, f"编码 {h.code} 已被另一层级（{PlaceLevel(old['level']).label}）的地点使用"
                )
                continue
            # A blank grid cell leaves the household's grid as it is (see the template's notes).
            new_grid = grid_id if h.grid_code else old["grid_id"]
            if old["name"] != h.name or old["grid_id"] != new_grid:
                changed.append(Place(id=old["id"], name=h.name, grid_id=new_grid, updated_at=self.now))
                self.report.count(L.PLACES_SHEET, "updated")
            else:
                self.report.count(L.PLACES_SHEET, "unchanged")
        Place.objects.bulk_create(new, batch_size=BATCH_SIZE)
        Place.objects.bulk_update(changed, ["name", "grid", "updated_at"], batch_size=BATCH_SIZE)


def _new_profile(p: PlaceRow) -> CompoundProfile:
    """A profile from the row; blank cells take the model's defaults."""
    profile = CompoundProfile(build_year=p.year, area_sqm=p.area, declared_households=p.households)
    if p.kind is not None:
        profile.kind = p.kind
    if p.managed is not None:
        profile.managed = p.managed
    return profile


def _changed_profile(old: dict, p: PlaceRow) -> CompoundProfile | None:
    """The profile with the row's non-blank cells applied, or None when they change nothing."""
    values = {
        "kind": old["compound__kind"] or CompoundKind.OTHER,
        "managed": old["compound__managed"],
        "build_year": old["compound__build_year"],
        "area_sqm": old["compound__area_sqm"],
        "declared_households": old["compound__declared_households"],
    }
    given = {
        "kind": p.kind,
        "managed": p.managed,
        "build_year": p.year,
        "area_sqm": p.area,
        "declared_households": p.households,
    }
    updated = {k: (v if given[k] is None else given[k]) for k, v in values.items()}
    if updated == values:
        return None
    return CompoundProfile(place_id=old["compound__place"], **updated)
