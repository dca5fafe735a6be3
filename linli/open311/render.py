"""Answers in the two GeoReport v2 formats. The same Python value becomes JSON, or XML with the
standard's element names (a list element repeats its item name: services/service, …). Fields whose
value is None are left out of both."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from django.http import HttpResponse

#: List element → the name of each item in XML.
ITEM_NAMES = {
    "service_requests": "request",
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def _prune(value):
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


#: Characters XML 1.0 cannot carry at all (control characters, NUL, U+FFFE/U+FFFF): written as they
#: are, no client could parse the answer.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))  # U+FFFD, the replacement character


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        item = ITEM_NAMES[element.tag]
        for child in value:
            _fill(ET.SubElement(element, item), child)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = ET.Element(root)
    _fill(element, _prune(value))
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(value, *, root: str, fmt: str, status: int = 200) -> HttpResponse:
    """``value`` as JSON, or as XML under the element ``root``."""
    body = to_xml(root, value) if fmt == "xml" else json.dumps(_prune(value), ensure_ascii=False).encode()
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


def errors(errors: list[dict], *, fmt: str, status: int) -> HttpResponse:
    return respond(errors, root="errors", fmt=fmt, status=status)
