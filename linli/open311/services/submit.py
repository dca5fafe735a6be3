"""POST requests: a partner system's service request becomes an appeal (channel Open311).

Invariants: every check runs before anything is written, and the appeal, its request record (token)
and its attribute values are written in one transaction through the appeals intake — so a refused
request leaves no row behind. The appeal lies at the address_id place, or at the key's jurisdiction
node when the caller gives only coordinates or an address string."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from linli.appeals.choices import Channel
from linli.appeals.services.intake import appeal_submit
from linli.core.exceptions import DomainError
from linli.places.models import Place

from .. import selectors
from ..attributes import clean_attributes
from ..errors import Open311Error
from ..models import ApiKey, RequestAttributeValue, RequestToken
from .keys import api_key_touch

#: Intake fields → the Open311 parameter the caller sent.
_PARAMETER = {"text": "description", "place": "address_id", "category": "service_code"}
_PHONE_CHARS = set("0123456789+-() ")


@dataclass(frozen=True)
class RequestInput:
    """The parameters of POST requests, as sent (strings; attributes as {code: [values]})."""

    service_code: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    attributes: Mapping[str, list[str]] = field(default_factory=dict)
    description: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    media_url: str = ""


def _coordinate(raw: str, limit: int, name: str, errors: list[str]) -> Decimal | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not -limit <= value <= limit:
        errors.append(f"{name} 应为 -{limit} 到 {limit} 之间的数（WGS84），收到“{raw[:20]}”。")
        return None
    return value.quantize(Decimal("0.000001"))


def _location(key: ApiKey, data: RequestInput, errors: list[str]):
    lat_raw, long_raw = data.lat.strip(), data.long.strip()
    lat = long = None
    if lat_raw or long_raw:
        if not (lat_raw and long_raw):
            errors.append("lat 和 long 需要同时提供。")
        else:
            lat = _coordinate(lat_raw, 90, "lat", errors)
            long = _coordinate(long_raw, 180, "long", errors)
    address = data.address_string.strip()
    if len(address) > 200:
        errors.append("address_string 不能超过 200 个字。")
    place = key.place
    address_id = data.address_id.strip()
    if address_id:
        found = Place.objects.filter(code=address_id).first()
        if found is None or not found.code.startswith(key.place.code):
            errors.append(f"address_id“{address_id[:30]}”不存在，或不在该接口密钥的辖区内。")
        else:
            place = found
    elif not address and not (lat_raw or long_raw):
        errors.append("请提供位置：lat 和 long，或 address_string，或 address_id。")
    return place, lat, long, address


def _name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"  # Chinese order: family name first, no space
    return " ".join(part for part in (first, last) if part)


def _contact(data: RequestInput, errors: list[str]) -> dict:
    name = _name(data.first_name, data.last_name)
    if len(name) > 50:
        errors.append("first_name 和 last_name 合计不能超过 50 个字。")
    phone = data.phone.strip()
    if len(phone) > 20 or not set(phone) <= _PHONE_CHARS:
        errors.append("phone 格式不正确。")
    email = data.email.strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors.append("email 格式不正确。")
    for label, value in (("device_id", data.device_id), ("account_id", data.account_id)):
        if len(value.strip()) > 100:
            errors.append(f"{label} 不能超过 100 个字符。")
    media_url = data.media_url.strip()
    if media_url:
        try:
            if len(media_url) > 500:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors.append("media_url 应为不超过 500 个字符的 http(s) 网址。")
    return {
        "reporter_name": name,
        "reporter_phone": phone,
        "email": email,
        "device_id": data.device_id.strip(),
        "account_id": data.account_id.strip(),
        "media_url": media_url,
    }


def _attributes_summary(definitions: dict, values: dict) -> str:
    """The caller's answers as staff read them on the appeal's timeline: 是否有人被困：是；楼层：12."""
    parts = []
    for code, value in values.items():
        attribute = definitions[code]
        labels = {str(v.get("key")): v.get("name", v.get("key")) for v in (attribute.values or [])}
        shown = (
            "、".join(labels.get(str(v), str(v)) for v in value)
            if isinstance(value, list)
            else labels.get(str(value), str(value))
        )
        parts.append(f"{attribute.description or code}：{shown}")
    return "；".join(parts)


def service_request_submit(*, api_key: ApiKey, data: RequestInput) -> RequestToken:
    """Create an appeal (channel Open311, status 待受理) from a GeoReport v2 POST.

    Side effects: one Appeal with its submitted event, one RequestToken, one RequestAttributeValue per
    attribute given, the key's last use. Raises Open311Error: 403 for a revoked key, 400 for a missing
    service_code or any invalid parameter (all problems at once; the intake's Chinese messages prefixed
    with the parameter), 404 for an unknown service_code."""
    if not api_key.is_active:
        raise Open311Error(403, "api_key 已被吊销，不能提交诉求。")
    code = data.service_code.strip()
    if not code:
        raise Open311Error(400, "缺少 service_code。")
    service = selectors.service_get(code)
    if service is None:
        raise Open311Error(404, f"service_code“{code[:30]}”不存在。")
    errors: list[str] = []
    place, lat, long, address = _location(api_key, data, errors)
    contact = _contact(data, errors)
    definitions = {a.code: a for a in selectors.service_attributes(service)}
    values, attribute_errors = clean_attributes(definitions.values(), data.attributes)
    errors += attribute_errors
    if errors:
        raise Open311Error(400, *errors)
    token = secrets.token_urlsafe(16)
    try:
        with transaction.atomic():
            appeal = appeal_submit(
                actor=None,
                channel=Channel.OPEN311,
                text=data.description,
                place=place,
                category=service,
                address=address,
                latitude=lat,
                longitude=long,
                reporter_name=contact["reporter_name"],
                reporter_phone=contact["reporter_phone"],
                external_source="open311",
                external_id=token,
                event_note=_attributes_summary(definitions, values),
            )
            request = RequestToken.objects.create(
                token=token,
                appeal=appeal,
                api_key=api_key,
                media_url=contact["media_url"],
                email=contact["email"],
                device_id=contact["device_id"],
                account_id=contact["account_id"],
            )
            RequestAttributeValue.objects.bulk_create(
                RequestAttributeValue(request=request, attribute=definitions[c], code=c, value=v)
                for c, v in values.items()
            )
            api_key_touch(key=api_key)
    except DomainError as exc:
        parameter = _PARAMETER.get(exc.field or "", "")
        raise Open311Error(400, f"{parameter}：{exc.message}" if parameter else exc.message) from None
    return request
