"""The downloadable ledger import template: an empty 居民台账 sheet (身份证号, 手机号 and 户编码 columns
formatted as text, drop-down lists for the choices), a 填写说明 sheet explaining every column, and an
example sheet (the importer reads only 居民台账)."""

from __future__ import annotations

from datetime import date

from linli.core.excel import Column, Sheet, write_xlsx
from linli.core.validators import build_id_number

from . import layout as L

EXAMPLE_SHEET = "示例（不会导入）"
NOTES_COLUMNS = (Column("列", 14), Column("是否必填", 10), Column("填写说明", 90, wrap=True))

NOTES = [
    ("总体说明", "", "只导入“居民台账”工作表；本说明和示例工作表不会导入。第一行是表头，请勿修改列名，列的顺序可以调整。"),
    ("", "", "同一身份证号的居民只会登记一次：再次导入同一文件不会重复登记，而是更新已有居民的信息。"),
    ("", "", "未填身份证号的居民，按“同一户、同一姓名”识别为同一人。"),
    ("", "", "有错误的行不会导入，导入结果会逐行列出行号、列和原因，可下载错误报告（Excel）。选择“全部成功才导入”时，只要有一行出错，整个文件都不导入。"),
    ("", "", "只能导入您管辖范围内的住户。登记在您管辖范围以外、尚未迁出的居民不能由您修改。"),
    (L.HOUSEHOLD_CODE, "二选一", "24位户编码（可在“地点”中查到）。本列已设为文本格式，请勿改为数字，否则编码会变。"),
    ("小区/楼栋/单元/门牌", "二选一", "不填户编码时，这四列都要填写，与系统中的名称一致，例如：幸福里小区 / 3栋 / 2单元 / 301室。"),
    (L.NAME, "必填", "最多50个字。"),
    (L.GENDER, "可不填", "男 或 女。填写了身份证号时可不填，按身份证号第17位识别；填写了就必须与身份证号一致。"),
    (L.BIRTH_DATE, "可不填", "如 1956-03-08。填写了身份证号时可不填；填写了就必须与身份证号中的出生日期一致。"),
    (
        L.ID_NUMBER,
        "建议填写",
        "18位第二代身份证号，按 GB 11643 校验（地区码、出生日期、第18位校验码）；全角数字、空格可自动纠正，末位 x 可小写。"
        "本列已设为文本格式。若在 Excel 中把号码当作数字输入，Excel 只保留15位有效数字，末尾会变成“000”（或显示为 4.30602E+17），"
        "这样的号码无法恢复，系统会拒绝并提示：请把本列设为“文本”后重新输入完整号码。",
    ),
    (L.MOBILE, "可不填", "11位手机号，以1开头、第二位为3至9；可带 +86、空格或短横线。"),
    (L.RELATION, "可不填", "户主、配偶、子女、父母、孙辈、其他。新登记时不填为“其他”；更新时不填则保留原值。"),
    (L.RESIDENCE_TYPE, "可不填", "户籍、常住、流动。新登记时不填为“常住”；更新时不填则保留原值。"),
    (L.IS_OWNER, "可不填", "是 或 否。新登记时不填为“否”；更新时不填则保留原值。"),
    (
        L.MOVED_IN,
        "可不填",
        "如 2020-05-01，不能晚于今天。已登记在其他户（或已迁出）的居民出现在本户时，按迁移处理：原居住记录结束，新增在本户的居住记录，迁移日期取本列（不填为今天）。",
    ),
    (L.TAGS, "可不填", "多个标签用顿号“、”或逗号分隔，如：独居老人、低保。出租房、群租房等是“户”的标签，加在该户上。导入只增加标签，不会结束已有标签；起始日期为导入当天。"),
    ("保密", "", "身份证号和手机号加密保存；导入记录写入个人信息访问审计日志。请妥善保管本文件，用完及时删除。"),
]  # fmt: skip


def _example_rows():
    mother = build_id_number(region="430602", birth_date=date(1948, 5, 17), sequence=42)
    son = build_id_number(region="430602", birth_date=date(1975, 9, 2), sequence=131)
    return [
        ("", "幸福里小区", "3栋", "2单元", "301室", "王秀英", "女", "1948-05-17", mother, "13812345678",
         "户主", "户籍", "是", "1998-06-01", "独居老人、低保"),
        ("430699001001001003020301", "", "", "", "", "李建国", "", "", son, "", "子女", "常住", "否", "", ""),
        ("430699001001001003020301", "", "", "", "", "李小明", "男", "2016-03-01", "", "", "孙辈", "", "", "", "留守儿童"),
    ]  # fmt: skip


def write_template(out) -> None:
    write_xlsx(
        out,
        [
            Sheet(L.SHEET, L.IMPORT_COLUMNS),
            Sheet(L.NOTES_SHEET, NOTES_COLUMNS, NOTES),
            Sheet(EXAMPLE_SHEET, L.IMPORT_COLUMNS, _example_rows()),
        ],
    )
