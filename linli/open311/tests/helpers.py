"""Talking to /open311/v2/ as a client would: both formats, the published schemas, XML ≡ JSON."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from linli.open311.render import ITEM_NAMES

BASE = "/open311/v2"
# The published schemas live in shared/open311-schemas beside the checkout (a worktree sits one level
# deeper, under wt/): the nearest one above the project.
SCHEMA_DIR = next(
    (p / "shared" / "open311-schemas" for p in Path(settings.BASE_DIR).parents if (p / "shared").is_dir()),
    Path(settings.BASE_DIR).parent.parent / "shared" / "open311-schemas",
)
SCHEMA_FILES = ("request", "requests", "service", "services", "service-definition", "swagger")
ERRORS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}},
        "additionalProperties": False,
    },
}
#: Answers of POST requests and GET tokens, from the swagger description's definitions.
SWAGGER_ARRAYS = {
    "created": {"type": "array", "items": {"$ref": "swagger.json#/definitions/RequestResponse"}},
    "tokens": {"type": "array", "items": {"$ref": "swagger.json#/definitions/TokenResponse"}},
}
OFFSET_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


@cache
def _schemas() -> dict[str, dict]:
    if not SCHEMA_DIR.is_dir():
        pytest.fail(
            f"The published Open311 schemas are missing: expected them in {SCHEMA_DIR}", pytrace=False
        )
    found = {}
    for name in SCHEMA_FILES:
        path = SCHEMA_DIR / f"{name}.json"
        if not path.is_file():
            pytest.fail(f"Open311 schema file missing: {path}", pytrace=False)
        found[name] = json.loads(path.read_text())
    return found


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (f"{name}.json", Resource.from_contents(schema, default_specification=DRAFT4))
        for name, schema in _schemas().items()
    )


def validate(kind: str, data) -> None:
    """Validate ``data`` against a published schema (services, service-definition, requests, request),
    the swagger answers (created, tokens) or the error list (errors); and refuse fields the standard
    does not name."""
    if kind == "errors":
        schema = ERRORS_SCHEMA
    elif kind in SWAGGER_ARRAYS:
        schema = SWAGGER_ARRAYS[kind]
    else:
        schema = _schemas()[kind]
    Draft4Validator(schema, registry=_registry()).validate(data)
    known = {
        "services": set(_schemas()["service"]["properties"]),
        "requests": set(_schemas()["request"]["properties"]),
        "created": set(_schemas()["swagger"]["definitions"]["RequestResponse"]["properties"]),
        "tokens": set(_schemas()["swagger"]["definitions"]["TokenResponse"]["properties"]),
    }.get(kind)
    if known is not None:
        for item in data:
            assert set(item) <= known, f"fields outside the standard: {set(item) - known}"
    if kind in ("requests", "created", "tokens"):
        for item in data:
            for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
                if name in item:
                    assert OFFSET_DATETIME.match(item[name]), item[name]


def xml_to_python(body: bytes):
    """Read an answer back the way a client would: list elements (services, attributes, …) become
    lists, other elements with children dicts, leaves strings. Returns (root tag, value)."""
    root = ET.fromstring(body)

    def read(element):
        if element.tag in ITEM_NAMES:
            item = ITEM_NAMES[element.tag]
            assert all(child.tag == item for child in element), f"<{element.tag}> holds only <{item}>"
            return [read(child) for child in element]
        if len(element):
            return {child.tag: read(child) for child in element}
        return element.text or ""

    return root.tag, read(root)


def as_strings(value):
    """A JSON answer with every leaf as the text XML would carry."""
    if isinstance(value, dict):
        return {k: as_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_strings(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def get(client, path: str, fmt: str = "json", **params):
    response = client.get(f"{BASE}/{path}.{fmt}", params)
    return response, parse(response, fmt)


def parse(response, fmt: str):
    if fmt == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return json.loads(response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml")
    return xml_to_python(response.content)


def both(client, path: str, *, root: str, expect: int = 200, **params):
    """GET ``path`` as JSON and as XML; check the status, the XML root element and that the XML holds
    exactly the JSON's fields and values. Returns the JSON answer."""
    json_response, data = get(client, path, "json", **params)
    xml_response, (tag, xml_data) = get(client, path, "xml", **params)
    assert json_response.status_code == expect, data
    assert xml_response.status_code == expect
    assert tag == root
    assert xml_data == as_strings(data)
    return data
