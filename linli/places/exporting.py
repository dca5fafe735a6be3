"""Exporting places and grids to Excel in exactly the import template's shape (excel_layout), so that an
export re-imports unchanged; and the empty template with notes and examples. Reads only: the rows are
those the actor may see with EXPORT_PLACES, streamed (write-only workbook, chunked query)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from linli.core import policy
from linli.core.excel import Column, Sheet, write_xlsx

from . import excel_layout as L
from . import rules
from .choices import CompoundKind, GridLevel, PlaceLevel
from .importing import SYSTEM
from .models import GridNode, Place

_CHUNK = 2000
_PLACE_LEVEL = dict(PlaceLevel.choices)
_GRID_LEVEL = dict(GridLevel.choices)
_KIND = dict(CompoundKind.choices)


def export_scope(actor) -> policy.Scope:
    return policy.EVERYTHING if actor is SYSTEM else policy.scope_for(actor, rules.EXPORT_PLACES)


def _visible(actor, queryset):
    return queryset if actor is SYSTEM else policy.visible(actor, rules.EXPORT_PLACES, queryset)


def _place_rows(actor):
    rows = _visible(actor, Place.objects.all()).order_by("code")
    values = rows.values_list(
        "code",
        "name",
        "level",
        "parent__code",
        "compound__kind",
        "compound__managed",
        "compound__build_year",
        "compound__area_sqm",
        "compound__declared_households",
        "grid__code",
    )
    for code, name, level, parent, kind, managed, year, area, households, grid in values.iterator(_CHUNK):
        yield [
            code,
            name,
            _PLACE_LEVEL[level],
            parent or "",
            _KIND.get(kind, ""),
            L.MANAGED_LABELS.get(managed, ""),
            year,
            area,
            households,
            grid or "",
        ]


def _grid_rows(actor):
    rows = _visible(actor, GridNode.objects.all()).order_by("code")
    for code, name, level, community in rows.values_list("code", "name", "level", "community__code").iterator(
        _CHUNK
    ):
        yield [code, name, _GRID_LEVEL[level], community]


def places_export(*, actor, out) -> None:
    """Write the places and grids ``actor`` (a user, or SYSTEM) may export to ``out`` (binary file or path).

    Raises PermissionDenied without EXPORT_PLACES.
    """
    if export_scope(actor).empty:
        raise PermissionDenied
    write_xlsx(
        out,
        [
            Sheet(L.PLACES_SHEET, L.PLACE_COLUMNS, _place_rows(actor)),
            Sheet(L.GRIDS_SHEET, L.GRID_COLUMNS, _grid_rows(actor)),
        ],
    )


# --- The template ----------------------------------------------------------------------------------

EXAMPLE_PLACES = [
    ["430602", "岳阳楼区", "区/县", "", "", "", None, None, None, ""],
    ["430602001", "示例街道", "街道/镇", "430602", "", "", None, None, None, ""],
    ["430602001001", "示例社区", "社区/村", "430602001", "", "", None, None, None, ""],
    ["430602001001001", "示例花园", "小区", "430602001001", "老旧小区", "无物业", 1992, 35000.5, 480, ""],
    ["430602001001001001", "1栋", "楼栋", "430602001001001", "", "", None, None, None, ""],
    ["43060200100100100101", "1单元", "楼道/单元", "430602001001001001", "", "", None, None, None, ""],
    [
        "430602001001001001010001",
        "101室",
        "户",
        "43060200100100100101",
        "",
        "",
        None,
        None,
        None,
        "430602001001001001",
    ],
]
EXAMPLE_GRIDS = [
    ["430602001001", "示例社区总网格", "社区总网格", "430602001001"],
    ["430602001001001", "示例社区第一网格", "一般网格", "430602001001"],
    ["430602001001001001", "第一网格1号微网格", "微网格", "430602001001"],
]
EXAMPLE_PLACES_SHEET = "示例（地点）"
EXAMPLE_GRIDS_SHEET = "示例（网格）"

_WIDTHS = "区/县 6 位（国家行政区划代码），街道/镇 9 位、社区/村 12 位（统计用区划代码），小区 15 位、楼栋 18 位、楼道/单元 20 位、户 24 位（本地编码，在上级编码后依次加 3、3、2、4 位序号）"
NOTES = [
    ("总则", "", "", "请在“地点”“网格”两张表中填写，第一行是表头，不要改动。可以只填其中一张表。"),
    (
        "总则",
        "",
        "",
        "以编码为准：系统中已有的编码会更新名称等信息，没有的编码会新建。同一个文件重复导入不会产生重复数据。",
    ),
    ("总则", "", "", "上级必须已在系统中，或写在本文件中（行的先后顺序不限）。上级有错误的行也不会导入。"),
    ("总则", "", "", "选填列留空表示不修改系统中已有的值。"),
    (
        "总则",
        "",
        "",
        "导入时可以勾选“全部成功才导入”：任何一行有错误，整个文件都不导入；不勾选时，导入没有错误的行，"
        "有错误的行逐一列出（行号、列、原因），改正后重新导入即可。",
    ),
    ("总则", "", "", "编码列已设为文本格式。请勿把编码改成数字格式，否则超过 15 位的编码会被 Excel 改写。"),
    ("总则", "", "", "您只能导入自己管辖范围内的地点和网格；新建区/县须由系统管理员导入。"),
    (
        "总则",
        "",
        "",
        f"“{EXAMPLE_PLACES_SHEET}”“{EXAMPLE_GRIDS_SHEET}”两张表是填写示例，不会被导入；"
        "可以复制到“地点”“网格”表中，改成您自己的编码和名称。",
    ),
    ("总则", "", "", "导出的文件与本模板格式相同，可以修改后直接导入。"),
    ("地点", L.CODE, "必填", f"数字编码，位数由层级决定：{_WIDTHS}。下级编码以上级编码开头。"),
    ("地点", L.NAME, "必填", "不超过 100 个字。楼栋、单元、户只写本级名称，如“1栋”“1单元”“101室”。"),
    (
        "地点",
        L.LEVEL,
        "选填",
        f"{L.PLACE_LEVEL_HINT}（也可写简称，如“区”“街道”“社区”“单元”）。留空时按编码位数判断；填写时须与编码位数一致。",
    ),
    ("地点", L.PARENT, "选填", "可留空（由编码的前几位得出）；填写时必须等于编码的前几位。"),
    ("地点", L.KIND, "仅小区", f"{L.KIND_HINT}。其他层级请留空。"),
    ("地点", L.MANAGED, "仅小区", "有物业 或 无物业。"),
    ("地点", L.YEAR, "仅小区", "四位年份，1900—2100。"),
    ("地点", L.AREA, "仅小区", "单位：平方米，可带两位小数。"),
    ("地点", L.HOUSEHOLDS, "仅小区", "整数。"),
    (
        "地点",
        L.GRID,
        "仅户",
        "18 位微网格编码，须是本户所在社区的微网格（可以是本文件“网格”表中新建的）。留空则不修改。",
    ),
    (
        "网格",
        L.GRID_CODE,
        "必填",
        "社区总网格 12 位（与社区编码相同）；一般网格 15 位（社区编码 + 3 位序号，即 GB/T 30428.1 单元网格编码）；"
        "微网格 18 位（一般网格编码 + 3 位序号）。",
    ),
    ("网格", L.GRID_NAME, "必填", "不超过 100 个字。"),
    ("网格", L.GRID_LEVEL, "选填", f"{L.GRID_LEVEL_HINT}。留空时按编码位数判断。"),
    (
        "网格",
        L.COMMUNITY,
        "选填",
        "网格编码的前 12 位，可留空；填写时必须一致。社区须已在系统中或写在本文件“地点”表中。",
    ),
]
NOTES_COLUMNS = (
    Column("工作表", 8),
    Column("列", 16),
    Column("填写要求", 10),
    Column("说明", 100, wrap=True),
)


def places_template(out) -> None:
    """The empty import template: 地点, 网格 (headers only), 说明, and one example row per level."""
    write_xlsx(
        out,
        [
            Sheet(L.PLACES_SHEET, L.PLACE_COLUMNS),
            Sheet(L.GRIDS_SHEET, L.GRID_COLUMNS),
            Sheet(L.NOTES_SHEET, NOTES_COLUMNS, NOTES),
            Sheet(EXAMPLE_PLACES_SHEET, L.PLACE_COLUMNS, EXAMPLE_PLACES),
            Sheet(EXAMPLE_GRIDS_SHEET, L.GRID_COLUMNS, EXAMPLE_GRIDS),
        ],
    )
