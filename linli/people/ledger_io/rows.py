"""One ledger row: from raw cells to a validated ``LedgerRow``, or the list of (column, reason) that say
what is wrong. No database here: households and tags are looked up in dictionaries the importer loaded
once for the importer's scope."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from linli.core import validators
from linli.core.excel import CellError, cell_code, cell_text
from linli.core.exceptions import DomainError

from .. import services
from . import layout as L

AMBIGUOUS = -1
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)
_FIELD_COLUMN = {
    "id_number": L.ID_NUMBER,
    "mobile": L.MOBILE,
    "birth_date": L.BIRTH_DATE,
    "gender": L.GENDER,
}


@dataclass(slots=True)
class LedgerRow:
    row: int
    household_id: int
    name: str
    gender: str
    birth_date: date | None
    id_number: str
    id_hash: str
    mobile: str
    mobile_hash: str
    relation: str | None  # None: the cell was blank (keep what the ledger has, or the default)
    residence_type: str | None
    is_owner: bool | None
    moved_in_on: date | None
    person_tags: tuple[int, ...]
    household_tags: tuple[int, ...]


class Lookups:
    """What a row is checked against: households in scope (by code and by address) and the tags."""

    def __init__(self, *, by_code: dict[str, int], address_loader, tags: dict[str, tuple]):
        self.by_code, self.tags = by_code, tags
        self._address_loader, self._by_address = address_loader, None

    @property
    def by_address(self) -> dict[tuple, int]:
        """(小区, 楼栋, 单元, 门牌) without spaces → household id, or AMBIGUOUS; loaded when first needed."""
        if self._by_address is None:
            self._by_address = self._address_loader()
        return self._by_address


def cell_date(value) -> date | None:
    """A date cell: a real Excel date, 2024-03-01, 2024/3/1, 2024年3月1日, 20240301 or an Excel serial."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80000 and float(value).is_integer():
            return date.fromordinal(_EXCEL_EPOCH.toordinal() + int(value))
        if float(value).is_integer() and (m := _DATE_DIGITS.match(str(int(value)))):
            return _ymd(*m.groups(), shown=str(int(value)))
        raise CellError(f"“{cell_text(value)}”不是日期，请按 2024-03-01 的格式填写")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if not m:
        raise CellError(f"“{text}”不是日期，请按 2024-03-01 的格式填写")
    return _ymd(*m.groups(), shown=text)


def _ymd(y: str, m: str, d: str, *, shown: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise CellError(f"“{shown}”不是有效的日期") from None


def _id_cell(value) -> str:
    if isinstance(value, float) and abs(value) >= 10**14:
        raise CellError(
            "身份证号被 Excel 当作数字保存了：数字只保留15位有效数字，末尾几位已经变成“000”或丢失，无法恢复。"
            + validators.EXCEL_HINT
        )
    return cell_text(value)


def _choice(value, mapping: dict[str, str], column: str, errors: list) -> str | None:
    text = "".join(unicodedata.normalize("NFKC", cell_text(value)).split())
    if not text:
        return None
    if text in mapping:
        return mapping[text]
    if text in mapping.values():  # the stored value (M/F, head …) is accepted too
        return text
    errors.append((column, f"“{text}”无效，只能填：{'、'.join(mapping)}"))
    return None


def _household(values: dict, lookups: Lookups, errors: list) -> int | None:
    raw = values.get(L.HOUSEHOLD_CODE)
    try:
        code = cell_code(raw) if raw is not None else ""
    except CellError as e:
        errors.append((L.HOUSEHOLD_CODE, e.message))
        return None
    if code:
        pk = lookups.by_code.get(code)
        if pk is None:
            errors.append((L.HOUSEHOLD_CODE, f"户编码 {code} 不存在或不在您的管辖范围内"))
        return pk
    parts = tuple("".join(cell_text(values.get(c)).split()) for c in L.ADDRESS)
    if not any(parts):
        errors.append((L.HOUSEHOLD_CODE, f"请填写户编码，或填写{'/'.join(L.ADDRESS)}"))
        return None
    missing = [c for c, p in zip(L.ADDRESS, parts, strict=True) if not p]
    if missing:
        errors.append(
            (missing[0], f"未填写户编码时，{'/'.join(L.ADDRESS)}都要填写（缺{'、'.join(missing)}）")
        )
        return None
    pk = lookups.by_address.get(parts)
    if pk is None:
        errors.append((L.DOOR, f"“{'/'.join(parts)}”不存在或不在您的管辖范围内，请核对或改填户编码"))
    elif pk == AMBIGUOUS:
        errors.append((L.COMPOUND, f"“{'/'.join(parts)}”在您的范围内有不止一户同名，请改填户编码"))
        return None
    return pk


def _tags(value, lookups: Lookups, errors: list) -> tuple[tuple[int, ...], tuple[int, ...]]:
    text = unicodedata.normalize("NFKC", cell_text(value))
    for sep in L.TAG_SEPARATORS:
        text = text.replace(unicodedata.normalize("NFKC", sep), "、")
    person, household, unknown = [], [], []
    for name in filter(None, text.split("、")):
        tag = lookups.tags.get(name)
        if tag is None:
            unknown.append(name)
        else:
            (household if tag[1] == "household" else person).append(tag[0])
    if unknown:
        errors.append((L.TAGS, f"没有这些标签：{'、'.join(unknown)}。可用的标签：{'、'.join(lookups.tags)}"))
    return tuple(dict.fromkeys(person)), tuple(dict.fromkeys(household))


def parse_row(number: int, values: dict, lookups: Lookups) -> tuple[LedgerRow | None, list]:
    """The row, or None and every (column, reason) found in it."""
    errors: list[tuple[str, str]] = []
    household_id = _household(values, lookups, errors)
    name = " ".join(cell_text(values.get(L.NAME)).split())
    if not name:
        errors.append((L.NAME, "请填写姓名"))
    elif len(name) > 50:
        errors.append((L.NAME, "姓名不能超过50个字"))
    gender = _choice(values.get(L.GENDER), L.GENDER_BY_LABEL, L.GENDER, errors)
    relation = _choice(values.get(L.RELATION), L.RELATION_BY_LABEL, L.RELATION, errors)
    residence = _choice(values.get(L.RESIDENCE_TYPE), L.RESIDENCE_BY_LABEL, L.RESIDENCE_TYPE, errors)
    owner = _choice(values.get(L.IS_OWNER), {L.YES: "1", L.NO: "0"}, L.IS_OWNER, errors)
    dates = {}
    for column in (L.BIRTH_DATE, L.MOVED_IN):
        try:
            dates[column] = cell_date(values.get(column))
        except CellError as e:
            errors.append((column, e.message))
            dates[column] = None
    moved_in = dates[L.MOVED_IN]
    if moved_in and moved_in > timezone.localdate():
        errors.append((L.MOVED_IN, "迁入日期不能晚于今天"))
    mobile = ""
    try:
        raw_mobile = cell_text(values.get(L.MOBILE))
        if validators.normalize_mobile(raw_mobile):
            mobile = validators.validate_mobile(raw_mobile)
    except DomainError as e:
        errors.append((L.MOBILE, e.message))
    try:
        ident = services.check_identity(
            id_number=_id_cell(values.get(L.ID_NUMBER)), birth_date=dates[L.BIRTH_DATE], gender=gender or ""
        )
    except CellError as e:
        errors.append((L.ID_NUMBER, e.message))
        ident = None
    except DomainError as e:
        errors.append((_FIELD_COLUMN.get(e.field, L.ID_NUMBER), e.message))
        ident = None
    if ident is not None and not ident.gender:
        errors.append((L.GENDER, "请填写性别（填写了身份证号时可不填，按身份证号识别）"))
    person_tags, household_tags = _tags(values.get(L.TAGS), lookups, errors)
    if errors or household_id is None or ident is None:
        return None, errors
    return (
        LedgerRow(
            row=number,
            household_id=household_id,
            name=name,
            gender=ident.gender,
            birth_date=ident.birth_date,
            id_number=ident.id_number,
            id_hash=services.id_number_hash(ident.id_number) if ident.id_number else "",
            mobile=mobile,
            mobile_hash=services.mobile_hash(mobile) if mobile else "",
            relation=relation,
            residence_type=residence,
            is_owner=None if owner is None else owner == "1",
            moved_in_on=moved_in,
            person_tags=person_tags,
            household_tags=household_tags,
        ),
        [],
    )
