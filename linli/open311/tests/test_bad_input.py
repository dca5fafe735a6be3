"""Bugs the Open311 fuzz (tests/test_open311_fuzz.py) found, each pinned by a test."""

import pytest

from linli.appeals.models import Appeal

from .helpers import BASE, parse, validate, xml_to_python


def test_an_xml_answer_quoting_control_characters_is_still_well_formed_xml(client, world):
    # The error quotes the service_code it got; an escape or a bell character in it made the XML
    # unparsable.
    response = client.get(f"{BASE}/services/%1B%07.xml")
    assert response.status_code == 404
    root, errors = xml_to_python(response.content)
    assert root == "errors"
    assert errors[0]["description"] == "service_code“\ufffd\ufffd”不存在。"


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "requests", {"service_code": "0101", "address_id": "\x00", "description": "路灯坏了"}),
        ("post", "requests", {"service_code": "01\x0001", "address_string": "北门"}),
        ("post", "requests", {"service_code": "0101", "address_string": "北门", "description": "坏\x00了"}),
        ("get", "requests", {"service_request_id": "A\x00"}),
        ("get", "services/%00", {}),
        ("get", "tokens/%00", {}),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_nul_character_in_any_parameter_is_refused_with_400_and_nothing_is_stored(
    client, api_key, method, path, data, fmt
):
    if method == "post":
        data = {**data, "api_key": api_key}
    response = getattr(client, method)(f"{BASE}/{path}.{fmt}", data)
    assert response.status_code == 400, response.content.decode()[:300]
    errors = parse(response, fmt)
    if fmt == "json":
        validate("errors", errors)
        assert "空字符" in errors[0]["description"]
    assert not Appeal.objects.exists()
