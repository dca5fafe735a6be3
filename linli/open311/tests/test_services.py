"""Discovery, services and service definitions: what a client reads before it posts."""

import pytest

from linli.appeals.models import Category
from linli.open311.choices import Datatype

from .helpers import BASE, both, get, parse, validate


def test_discovery_names_the_v2_endpoint_and_both_formats(client, db):
    data = both(client, "discovery", root="discovery")
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["application/json", "text/xml"]
    assert data["changeset"].endswith("+08:00") and data["contact"] and "api_key" in data["key_service"]


def test_services_are_the_active_leaf_categories_with_group_and_keywords(client, db):
    data = both(client, "services", root="services")
    validate("services", data)
    leaves = set(Category.objects.filter(parent__isnull=False, is_active=True).values_list("code", flat=True))
    assert {s["service_code"] for s in data} == leaves
    elevator = next(s for s in data if s["service_code"] == "0103")
    assert elevator["service_name"] == "电梯故障" and elevator["group"] == "物业服务"
    assert elevator["keywords"] == "电梯,困人,停运,故障,异响"
    assert elevator["metadata"] is True and elevator["type"] == "realtime"
    assert "2小时" in elevator["description"]
    assert next(s for s in data if s["service_code"] == "0102")["metadata"] is False


def test_a_deactivated_category_is_no_longer_a_service(client, db):
    Category.objects.filter(code="0601").update(is_active=False)
    _, data = get(client, "services")
    assert "0601" not in {s["service_code"] for s in data}
    response, errors = get(client, "services/0601")
    assert response.status_code == 404
    validate("errors", errors)


def test_service_definitions_carry_attributes_of_every_datatype(client, db):
    elevator = both(client, "services/0103", root="service_definition")
    garbage = both(client, "services/0201", root="service_definition")
    for definition in (elevator, garbage):
        validate("service-definition", definition)
    assert elevator["service_code"] == "0103"
    attributes = elevator["attributes"] + garbage["attributes"]
    assert {a["datatype"] for a in attributes} == set(Datatype.values)
    trapped = next(a for a in elevator["attributes"] if a["code"] == "trapped")
    assert trapped["required"] is True and trapped["variable"] is True
    assert trapped["values"] == [{"key": "yes", "name": "是"}, {"key": "no", "name": "否"}]
    assert [a["order"] for a in elevator["attributes"]] == sorted(a["order"] for a in elevator["attributes"])
    tip = next(a for a in elevator["attributes"] if a["code"] == "safety_tip")
    assert tip["variable"] is False and "96333" in tip["description"]
    spots = next(a for a in garbage["attributes"] if a["code"] == "overflow_spots")
    assert spots["datatype"] == "multivaluelist" and len(spots["values"]) == 4


def test_a_service_without_attributes_has_an_empty_definition(client, db):
    data = both(client, "services/0102", root="service_definition")
    validate("service-definition", data)
    assert data == {"service_code": "0102", "attributes": []}


@pytest.mark.parametrize("code", ["9999", "01", "0103x"])
def test_unknown_service_or_a_group_is_404_with_an_error_list(client, db, code):
    errors = both(client, f"services/{code}", root="errors", expect=404)
    validate("errors", errors)
    assert errors[0]["code"] == 404 and code in errors[0]["description"]


def test_jurisdiction_id_is_optional_but_must_match_when_given(client, db):
    assert get(client, "services", jurisdiction_id="linli")[0].status_code == 200
    errors = both(client, "services", root="errors", expect=404, jurisdiction_id="beijing")
    validate("errors", errors)
    assert "jurisdiction_id" in errors[0]["description"]


def test_unknown_endpoints_formats_and_methods_answer_error_lists(client, db):
    for path, fmt in [("nothing.json", "json"), ("services.csv", "json"), ("tokens/x/y.xml", "xml")]:
        response = client.get(f"{BASE}/{path}")
        assert response.status_code == 404
        data = parse(response, fmt)
        if fmt == "xml":
            root, data = data
            assert root == "errors" and data[0]["code"] == "404"
        else:
            validate("errors", data)
    response = client.post(f"{BASE}/services.json")
    assert response.status_code == 405
    validate("errors", parse(response, "json"))
