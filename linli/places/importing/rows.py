"""One row of the 地点 or 网格 sheet, checked on its own (no database): the cells read, the code's width
matches the level, the parent cell matches the code, 小区-only and 户-only cells are where they belong."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from linli.core.excel import CellError, cell_code, cell_decimal, cell_int, cell_text

from .. import excel_layout as L
from ..choices import GridLevel, PlaceLevel
from ..codes import GRID_CODE_WIDTHS, PLACE_CODE_WIDTHS, grid_level_of, place_level_of

NAME_MAX = 100
YEAR_RANGE = (1900, 2100)
AREA_LIMIT = Decimal("1e10")  # CompoundProfile.area_sqm: 12 digits, 2 after the point
HOUSEHOLDS_LIMIT = 2_147_483_647
_CENT = Decimal("0.01")
COMMUNITY_WIDTH = PLACE_CODE_WIDTHS[PlaceLevel.COMMUNITY]
_PLACE_LABELS = dict(PlaceLevel.choices)
_GRID_LABELS = dict(GridLevel.choices)


@dataclass(slots=True)
class PlaceRow:
    row: int
    code: str
    name: str
    level: int
    kind: str | None = None
    managed: bool | None = None
    year: int | None = None
    area: Decimal | None = None
    households: int | None = None
    grid_code: str = ""

    @property
    def parent_code(self) -> str | None:
        if self.level == PlaceLevel.DISTRICT:
            return None
        return self.code[: PLACE_CODE_WIDTHS[self.level - 1]]

    @property
    def has_profile(self) -> bool:
        return any(v is not None for v in (self.kind, self.managed, self.year, self.area, self.households))


@dataclass(slots=True)
class GridRow:
    row: int
    code: str
    name: str
    level: int

    @property
    def parent_code(self) -> str | None:
        if self.level == GridLevel.TOTAL:
            return None
        return self.code[: GRID_CODE_WIDTHS[self.level - 1]]

    @property
    def community_code(self) -> str:
        return self.code[:COMMUNITY_WIDTH]


def _code(values: dict, column: str, errors: list[tuple[str, str]]) -> str:
    try:
        code = cell_code(values.get(column))
    except CellError as e:
        errors.append((column, e.message))
        return ""
    if code and not (code.isdigit() and code.isascii()):
        errors.append((column, f"编码只能由数字组成，“{code}”中有其他字符"))
        return ""
    return code


def _name(values: dict, column: str, errors: list[tuple[str, str]]) -> str:
    name = cell_text(values.get(column))
    if not name:
        errors.append((column, "名称不能为空"))
    elif len(name) > NAME_MAX:
        errors.append((column, f"名称不能超过 {NAME_MAX} 个字，本行有 {len(name)} 个字"))
    return name


def _level(
    code: str,
    level_text: str,
    *,
    parse,
    level_of,
    widths,
    labels,
    level_hint,
    width_hint,
    code_column,
    level_column,
):
    """The row's level from its 层级 cell (checked against the code's width) or, when blank, from the width."""
    errors: list[tuple[str, str]] = []
    level = None
    if level_text:
        level = parse(level_text)
        if level is None:
            errors.append((level_column, f"层级“{level_text}”无法识别，应为：{level_hint}"))
        elif code and len(code) != widths[level]:
            errors.append(
                (code_column, f"{labels[level]}的编码应为 {widths[level]} 位数字，本行是 {len(code)} 位")
            )
    elif code:
        level = level_of(code)
        if level is None:
            errors.append((code_column, f"编码位数不对（本行 {len(code)} 位）。应为：{width_hint}"))
    return level, errors


def parse_place_row(row: int, values: dict) -> tuple[PlaceRow | None, list[tuple[str, str]]]:
    """A 地点 row checked on its own: ``(row, [])`` or ``(None or partial, [(column, reason), …])``."""
    errors: list[tuple[str, str]] = []
    code = _code(values, L.CODE, errors)
    if not code and not errors:
        errors.append((L.CODE, "编码不能为空"))
    name = _name(values, L.NAME, errors)
    level, level_errors = _level(
        code,
        cell_text(values.get(L.LEVEL)),
        parse=L.parse_place_level,
        level_of=place_level_of,
        widths=PLACE_CODE_WIDTHS,
        labels=_PLACE_LABELS,
        level_hint=L.PLACE_LEVEL_HINT,
        width_hint=L.PLACE_WIDTH_HINT,
        code_column=L.CODE,
        level_column=L.LEVEL,
    )
    errors += level_errors
    if level is None:
        return None, errors
    place = PlaceRow(row=row, code=code, name=name, level=level)
    parent = _code(values, L.PARENT, errors)
    if parent and code and not level_errors:
        if level == PlaceLevel.DISTRICT:
            errors.append((L.PARENT, "区/县没有上级，上级编码应留空"))
        elif parent != place.parent_code:
            errors.append(
                (L.PARENT, f"上级编码应为 {place.parent_code}（本编码的前 {len(place.parent_code)} 位）")
            )
    _compound_cells(place, values, errors)
    grid_code = _code(values, L.GRID, errors)
    if grid_code:
        if level != PlaceLevel.HOUSEHOLD:
            errors.append((L.GRID, "只有“户”填写所属微网格编码，其他层级请留空"))
        elif len(grid_code) != GRID_CODE_WIDTHS[GridLevel.MICRO]:
            errors.append((L.GRID, f"所属微网格编码应为 {GRID_CODE_WIDTHS[GridLevel.MICRO]} 位数字"))
        elif code and not grid_code.startswith(code[:COMMUNITY_WIDTH]):
            errors.append((L.GRID, f"微网格必须属于本户所在的社区，编码应以 {code[:COMMUNITY_WIDTH]} 开头"))
        place.grid_code = grid_code
    return place, errors


def _compound_cells(place: PlaceRow, values: dict, errors: list[tuple[str, str]]) -> None:
    if place.level != PlaceLevel.COMPOUND:
        for column in L.COMPOUND_COLUMNS:
            if cell_text(values.get(column)):
                errors.append((column, "只有小区填写此列，其他层级请留空"))
        return
    kind_text = cell_text(values.get(L.KIND))
    if kind_text:
        place.kind = L.parse_kind(kind_text)
        if place.kind is None:
            errors.append((L.KIND, f"小区类型“{kind_text}”无法识别，应为：{L.KIND_HINT}"))
    managed_text = cell_text(values.get(L.MANAGED))
    if managed_text:
        place.managed = L.parse_managed(managed_text)
        if place.managed is None:
            errors.append((L.MANAGED, f"“{managed_text}”无法识别，应填“有物业”或“无物业”"))
    try:
        place.year = cell_int(values.get(L.YEAR), what="年份")
        if place.year is not None and not YEAR_RANGE[0] <= place.year <= YEAR_RANGE[1]:
            errors.append((L.YEAR, f"建成年份应在 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间"))
    except CellError as e:
        errors.append((L.YEAR, e.message))
    try:
        area = cell_decimal(values.get(L.AREA))
        if area is not None:
            area = area.quantize(_CENT, rounding=ROUND_HALF_UP)
            if not Decimal(0) <= area < AREA_LIMIT:
                errors.append((L.AREA, "占地面积应为不小于 0 的数字（单位：平方米）"))
            place.area = area
    except CellError as e:
        errors.append((L.AREA, e.message))
    try:
        place.households = cell_int(values.get(L.HOUSEHOLDS), what="户数")
        if place.households is not None and not 0 <= place.households <= HOUSEHOLDS_LIMIT:
            errors.append((L.HOUSEHOLDS, "登记户数应为 0 或正整数"))
    except CellError as e:
        errors.append((L.HOUSEHOLDS, e.message))


def parse_grid_row(row: int, values: dict) -> tuple[GridRow | None, list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    code = _code(values, L.GRID_CODE, errors)
    if not code and not errors:
        errors.append((L.GRID_CODE, "网格编码不能为空"))
    name = _name(values, L.GRID_NAME, errors)
    level, level_errors = _level(
        code,
        cell_text(values.get(L.GRID_LEVEL)),
        parse=L.parse_grid_level,
        level_of=grid_level_of,
        widths=GRID_CODE_WIDTHS,
        labels=_GRID_LABELS,
        level_hint=L.GRID_LEVEL_HINT,
        width_hint=L.GRID_WIDTH_HINT,
        code_column=L.GRID_CODE,
        level_column=L.GRID_LEVEL,
    )
    errors += level_errors
    if level is None:
        return None, errors
    grid = GridRow(row=row, code=code, name=name, level=level)
    community = _code(values, L.COMMUNITY, errors)
    if community and code and not level_errors and community != grid.community_code:
        errors.append(
            (L.COMMUNITY, f"所属社区编码应为 {grid.community_code}（网格编码的前 {COMMUNITY_WIDTH} 位）")
        )
    return grid, errors
