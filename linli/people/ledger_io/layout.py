"""The columns of the ledger workbook: the import template, the import and the export share them."""

from __future__ import annotations

from linli.core.excel import Column

from ..choices import Gender, Relation, ResidenceType

SHEET = "居民台账"
NOTES_SHEET = "填写说明"

HOUSEHOLD_CODE = "户编码"
COMPOUND = "小区"
BUILDING = "楼栋"
UNIT = "单元"
DOOR = "门牌"
NAME = "姓名"
GENDER = "性别"
BIRTH_DATE = "出生日期"
ID_NUMBER = "身份证号"
MOBILE = "手机号"
RELATION = "与户主关系"
RESIDENCE_TYPE = "居住类型"
IS_OWNER = "是否业主"
MOVED_IN = "迁入日期"
MOVED_OUT = "迁出日期"  # export only
TAGS = "标签"

ADDRESS = (COMPOUND, BUILDING, UNIT, DOOR)
YES, NO = "是", "否"

GENDER_BY_LABEL = {label: value for value, label in Gender.choices}
RELATION_BY_LABEL = {label: value for value, label in Relation.choices}
RESIDENCE_BY_LABEL = {label: value for value, label in ResidenceType.choices}
GENDER_LABEL = dict(Gender.choices)
RELATION_LABEL = dict(Relation.choices)
RESIDENCE_LABEL = dict(ResidenceType.choices)

IMPORT_COLUMNS = (
    Column(HOUSEHOLD_CODE, 28, text=True),
    Column(COMPOUND, 16),
    Column(BUILDING, 10),
    Column(UNIT, 8),
    Column(DOOR, 8),
    Column(NAME, 10),
    Column(GENDER, 6, choices=tuple(GENDER_BY_LABEL)),
    Column(BIRTH_DATE, 12),
    Column(ID_NUMBER, 22, text=True),
    Column(MOBILE, 14, text=True),
    Column(RELATION, 10, choices=tuple(RELATION_BY_LABEL)),
    Column(RESIDENCE_TYPE, 10, choices=tuple(RESIDENCE_BY_LABEL)),
    Column(IS_OWNER, 8, choices=(YES, NO)),
    Column(MOVED_IN, 12),
    Column(TAGS, 24),
)
HEADERS = tuple(c.header for c in IMPORT_COLUMNS)

EXPORT_COLUMNS = (*IMPORT_COLUMNS[:-1], Column(MOVED_OUT, 12), IMPORT_COLUMNS[-1])
EXPORT_HEADERS = tuple(c.header for c in EXPORT_COLUMNS)

#: Separators accepted between tags in the 标签 cell.
TAG_SEPARATORS = "、,，;；/ \u3000"
