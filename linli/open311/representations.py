"""GeoReport v2 representations of Linli objects (plain dicts; None means "leave the field out").

Public request representations carry no personal data: no reporter name or phone, no household,
building or room — the place is shown as its 小区 (or the caller's own address_string for Open311
requests), and mobile and ID numbers inside free text are masked."""

from __future__ import annotations

import re

from linli.appeals.choices import CLOSED_STATES, Channel, Status
from linli.appeals.models import Appeal, Category
from linli.core import masking

from .attributes import iso
from .selectors import COMPOUND_WIDTH

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")


def mask(text: str) -> str:
    """Mask mobile numbers (138****5678) and 18-digit ID numbers (430***********123X) in free text, the
    same way as everywhere else (linli.core.masking)."""
    text = _MOBILE.sub(lambda m: masking.mask_mobile(m.group(0)), text)
    return _ID_NUMBER.sub(lambda m: masking.mask_id_number(m.group(0)), text)


def service_notice(category: Category) -> str:
    return f"{category.name}类诉求：{category.sign_limit}内签收，{category.handle_limit}内办结。"


def service(category: Category) -> dict:
    group = category.parent.name if category.parent_id else None
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": f"{group}·{category.name}。{service_notice(category)}" if group else category.name,
        "metadata": bool(getattr(category, "has_attributes", False)),
        "type": "realtime",
        "keywords": ",".join(category.keywords.split()) or None,
        "group": group,
    }


def service_definition(category: Category, attributes) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": a.variable,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description or None,
                "order": a.order,
                "description": a.description,
                "values": [{"key": str(v["key"]), "name": str(v["name"])} for v in a.values]
                if a.values
                else None,
            }
            for a in attributes
        ],
    }


def _status_notes(appeal: Appeal) -> str | None:
    if appeal.status not in CLOSED_STATES:
        return None
    if appeal.reply.strip():
        return mask(appeal.reply)
    if appeal.status == Status.MERGED:
        return "已与同类诉求合并办理。"
    return None


def request(appeal: Appeal, *, compounds: dict[str, str], photo_url: str | None) -> dict:
    """One service request. ``compounds`` maps 小区 codes to names; ``photo_url`` is the absolute URL
    of the appeal's first photo, if any."""
    from_open311 = appeal.channel == Channel.OPEN311
    record = getattr(appeal, "open311_request", None) if from_open311 else None
    code = appeal.place_code
    if from_open311 and appeal.address:
        address = appeal.address
    elif len(code) >= COMPOUND_WIDTH:
        address = compounds.get(code[:COMPOUND_WIDTH])
    else:
        address = appeal.place.name if appeal.place_id else None
    closed = appeal.status in CLOSED_STATES
    updated = (appeal.closed_at if closed else None) or appeal.updated_at
    return {
        "service_request_id": appeal.number,
        "status": "closed" if closed else "open",
        "status_notes": _status_notes(appeal),
        "service_name": appeal.category.name,
        "service_code": appeal.category.code,
        "description": mask(appeal.text),
        "agency_responsible": appeal.unit.name if appeal.unit_id else None,
        "service_notice": service_notice(appeal.category),
        "requested_datetime": iso(appeal.submitted_at),
        "updated_datetime": iso(updated),
        "expected_datetime": iso(appeal.handle_due) if appeal.handle_due else None,
        "address": address,
        "address_id": code[:COMPOUND_WIDTH] or None,
        "lat": float(appeal.latitude) if from_open311 and appeal.latitude is not None else None,
        "long": float(appeal.longitude) if from_open311 and appeal.longitude is not None else None,
        "media_url": photo_url or (record.media_url if record and record.media_url else None),
    }


def created(record, category: Category) -> dict:
    return {
        "service_request_id": record.appeal.number,
        "token": record.token,
        "service_notice": service_notice(category),
        "account_id": record.account_id or None,
    }


def token(record) -> dict:
    return {"service_request_id": record.appeal.number, "token": record.token}
