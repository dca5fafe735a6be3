"""Hierarchical codes. A code is a materialised path: a child's code starts with its parent's code and
each level has a fixed width, so "everything under X" is the code range [X, X~) — one index range scan.

Places: 6-digit district (GB/T 2260) + 3 street + 3 community (the 12-digit 统计用区划代码), then local
codes: + 3 小区, + 3 楼栋, + 2 单元, + 4 户.
Grids (GB/T 30428.1): the 社区总网格 takes its community's 12 digits, a 一般网格 adds a 3-digit
sequence (the standard's 15-digit unit-grid code), a 微网格 adds 3 more.
"""

from .choices import GridLevel, PlaceLevel

PLACE_CODE_WIDTHS: dict[int, int] = {
    PlaceLevel.DISTRICT: 6,
    PlaceLevel.STREET: 9,
    PlaceLevel.COMMUNITY: 12,
    PlaceLevel.COMPOUND: 15,
    PlaceLevel.BUILDING: 18,
    PlaceLevel.UNIT: 20,
    PlaceLevel.HOUSEHOLD: 24,
}
GRID_CODE_WIDTHS: dict[int, int] = {GridLevel.TOTAL: 12, GridLevel.GENERAL: 15, GridLevel.MICRO: 18}

_PLACE_LEVEL_BY_WIDTH = {w: level for level, w in PLACE_CODE_WIDTHS.items()}
_GRID_LEVEL_BY_WIDTH = {w: level for level, w in GRID_CODE_WIDTHS.items()}


def place_level_of(code: str) -> int | None:
    """The place level a code's length stands for, or None when the code is malformed."""
    if not code.isdigit() or not code.isascii():
        return None
    return _PLACE_LEVEL_BY_WIDTH.get(len(code))


def grid_level_of(code: str) -> int | None:
    if not code.isdigit() or not code.isascii():
        return None
    return _GRID_LEVEL_BY_WIDTH.get(len(code))


def place_ancestor_codes(code: str, *, down_to: int = PlaceLevel.DISTRICT) -> list[str]:
    """Codes of the places above ``code`` (nearest last), from level ``down_to`` on."""
    level = place_level_of(code)
    if level is None:
        return []
    return [code[: PLACE_CODE_WIDTHS[lv]] for lv in range(down_to, level)]


def place_parent_code(code: str) -> str | None:
    ancestors = place_ancestor_codes(code)
    return ancestors[-1] if ancestors else None


def grid_parent_code(code: str) -> str | None:
    level = grid_level_of(code)
    if level is None or level == GridLevel.TOTAL:
        return None
    return code[: GRID_CODE_WIDTHS[level - 1]]


def child_code(parent_code: str, child_level: int, sequence: int, *, grid: bool = False) -> str:
    """The code of the ``sequence``-th child (1-based) of ``parent_code`` at ``child_level``."""
    widths = GRID_CODE_WIDTHS if grid else PLACE_CODE_WIDTHS
    width = widths[child_level] - len(parent_code)
    if sequence < 1 or sequence >= 10**width:
        raise ValueError(f"sequence {sequence} does not fit in {width} digits")
    return f"{parent_code}{sequence:0{width}d}"
