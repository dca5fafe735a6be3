"""Checking attribute[code] values against a service definition (pure: no database access)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from .choices import Datatype

MAX_STRING = 200
MAX_TEXT = 2000


def _number(raw: str) -> int | float:
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    as_float = float(number)
    if math.isinf(as_float):
        raise ValueError
    return int(number) if number == number.to_integral_value() and abs(number) < 2**53 else as_float


def parse_datetime(raw: str) -> datetime:
    """ISO 8601; a time without an offset is taken as Beijing time. Raises ValueError."""
    value = datetime.fromisoformat(raw.strip())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def iso(value: datetime) -> str:
    """Datetimes leave Linli in ISO 8601 with their offset (+08:00)."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def _one(attribute, raw: list[str]):
    label = f"attribute[{attribute.code}]（{attribute.description}）"
    datatype = attribute.datatype
    if datatype == Datatype.MULTIVALUELIST:
        keys = attribute.keys
        unknown = [v for v in raw if v not in keys]
        if unknown:
            raise ValueError(f"{label}的取值“{unknown[0]}”不在选项中，可选：{'、'.join(keys)}。")
        return list(dict.fromkeys(raw))
    if len(raw) > 1:
        raise ValueError(f"{label}只能填一个值。")
    value = raw[0]
    if datatype == Datatype.SINGLEVALUELIST:
        if value not in attribute.keys:
            raise ValueError(f"{label}的取值“{value}”不在选项中，可选：{'、'.join(attribute.keys)}。")
        return value
    if datatype == Datatype.NUMBER:
        try:
            return _number(value)
        except ValueError:
            raise ValueError(f"{label}应为数字，收到“{value[:20]}”。") from None
    if datatype == Datatype.DATETIME:
        try:
            return iso(parse_datetime(value))
        except ValueError:
            raise ValueError(
                f"{label}应为 ISO 8601 日期时间，如 2026-03-15T08:30:00+08:00，收到“{value[:40]}”。"
            ) from None
    limit = MAX_TEXT if datatype == Datatype.TEXT else MAX_STRING
    if len(value) > limit:
        raise ValueError(f"{label}不能超过 {limit} 个字。")
    return value


def clean_attributes(definitions: Iterable, submitted: Mapping[str, list[str]]) -> tuple[dict, list[str]]:
    """Check ``submitted`` ({code: [raw values]}) against the service's attributes.

    Returns ({code: value}, errors): values are typed (number, ISO datetime string with offset, list of
    keys for multivaluelist); every problem is one Chinese error. Attributes that only inform
    (variable false) take no value; unknown codes are refused."""
    definitions = list(definitions)
    by_code = {a.code: a for a in definitions}
    errors = [f"服务没有附加字段“{code}”。" for code in submitted if code not in by_code]
    values: dict = {}
    for attribute in definitions:
        if not attribute.variable:
            continue
        raw = [v.strip() for v in submitted.get(attribute.code, []) if v is not None and v.strip()]
        if not raw:
            if attribute.required:
                errors.append(f"缺少必填的 attribute[{attribute.code}]（{attribute.description}）。")
            continue
        try:
            values[attribute.code] = _one(attribute, raw)
        except ValueError as exc:
            errors.append(str(exc))
    return values, errors
