"""The shape of the places-and-grids workbook: sheet and column names, and how levels, 小区 types and
"有无物业" read and write. The importer, the exporter and the template all use this one description, so
an export re-imports unchanged."""

from __future__ import annotations

import unicodedata

from linli.core.excel import Column

from .choices import CompoundKind, GridLevel, PlaceLevel
from .codes import GRID_CODE_WIDTHS, PLACE_CODE_WIDTHS

PLACES_SHEET = "地点"
GRIDS_SHEET = "网格"
NOTES_SHEET = "说明"

# 地点 columns
CODE = "编码"
NAME = "名称"
LEVEL = "层级"
PARENT = "上级编码"
KIND = "小区类型"
MANAGED = "有无物业"
YEAR = "建成年份"
AREA = "占地面积"
HOUSEHOLDS = "登记户数"
GRID = "所属微网格编码"
COMPOUND_COLUMNS = (KIND, MANAGED, YEAR, AREA, HOUSEHOLDS)

# 网格 columns
GRID_CODE = "网格编码"
GRID_NAME = "名称"
GRID_LEVEL = "层级"
COMMUNITY = "所属社区编码"

MANAGED_LABELS = {True: "有物业", False: "无物业"}

PLACE_COLUMNS = (
    Column(CODE, 27, text=True),
    Column(NAME, 22),
    Column(LEVEL, 11, choices=tuple(PlaceLevel.labels)),
    Column(PARENT, 24, text=True),
    Column(KIND, 14, choices=tuple(CompoundKind.labels)),
    Column(MANAGED, 10, choices=tuple(MANAGED_LABELS.values())),
    Column(YEAR, 10),
    Column(AREA, 12),
    Column(HOUSEHOLDS, 10),
    Column(GRID, 22, text=True),
)
GRID_COLUMNS = (
    Column(GRID_CODE, 22, text=True),
    Column(GRID_NAME, 24),
    Column(GRID_LEVEL, 12, choices=tuple(GridLevel.labels)),
    Column(COMMUNITY, 16, text=True),
)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _aliases(labels: dict[int | str, str], extra: dict[str, int | str]) -> dict[str, int | str]:
    out: dict[str, int | str] = {}
    for value, label in labels.items():
        out[_key(label)] = value
        for part in label.split("/"):  # "街道/镇" also reads as "街道" and as "镇"
            out[_key(part)] = value
    out.update({_key(k): v for k, v in extra.items()})
    return out


_PLACE_LEVELS = _aliases(
    dict(PlaceLevel.choices),
    {
        "区县": PlaceLevel.DISTRICT,
        "乡": PlaceLevel.STREET,
        "乡镇": PlaceLevel.STREET,
        "住户": PlaceLevel.HOUSEHOLD,
    },
)
_GRID_LEVELS = _aliases(dict(GridLevel.choices), {"总网格": GridLevel.TOTAL})
_KINDS = _aliases(dict(CompoundKind.choices), {"其它": CompoundKind.OTHER})
_MANAGED = {"有物业": True, "无物业": False, "有": True, "无": False, "是": True, "否": False}

PLACE_LEVEL_HINT = "、".join(PlaceLevel.labels)
GRID_LEVEL_HINT = "、".join(GridLevel.labels)
KIND_HINT = "、".join(CompoundKind.labels)
PLACE_WIDTH_HINT = "，".join(f"{label} {PLACE_CODE_WIDTHS[v]} 位" for v, label in PlaceLevel.choices)
GRID_WIDTH_HINT = "，".join(f"{label} {GRID_CODE_WIDTHS[v]} 位" for v, label in GridLevel.choices)


def parse_place_level(text: str) -> int | None:
    return _PLACE_LEVELS.get(_key(text))


def parse_grid_level(text: str) -> int | None:
    return _GRID_LEVELS.get(_key(text))


def parse_kind(text: str) -> str | None:
    return _KINDS.get(_key(text))


def parse_managed(text: str) -> bool | None:
    return _MANAGED.get(_key(text))
