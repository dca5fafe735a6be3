"""Bugs the schema fuzz (tests/test_api_fuzz.py) found in the JSON API, each pinned by a test."""

import pytest
from django.test import Client

from linli.appeals.tests.factories import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world) -> Client:
    client = Client()
    client.force_login(Cast(world).desk)
    return client


@pytest.mark.parametrize("url", ["/api/appeals/", "/api/notifications/", "/api/visits/", "/api/visits/todo"])
@pytest.mark.parametrize("params", [{"offset": 10**25}, {"limit": 10**25}, {"offset": -1}, {"limit": 0}])
def test_a_page_number_out_of_range_is_refused_with_a_chinese_message_not_a_server_error(desk, url, params):
    response = desk.get(url, params)
    assert response.status_code == 422, response.content.decode()[:300]
    assert response.json()["detail"] == "请求参数有误。"


def test_far_pages_of_a_list_are_empty_not_an_error(desk):
    response = desk.get("/api/appeals/", {"offset": 1_000_000_000})
    assert response.status_code == 200
    assert response.json()["items"] == []


def _api_schemas():
    """Every ninja Schema class of Linli's API modules (the API imported, as the URLconf does)."""
    from ninja import Schema

    import linli.api  # noqa: F401 — registers the routers
    from linli.api import api

    api.get_openapi_schema()  # imports every router module
    found, todo = [], list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("linli.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_each_shape_of_the_api_has_its_own_name_in_the_published_schema():
    """Two schemas of one name are one component in /api/openapi.json: the last one wins, and the other
    operations are documented with the wrong fields (the appeal timeline was documented as a topic's
    events, the place counts as the deliberation counts, the mediation actions' body as the appeals')."""
    by_name: dict[str, dict] = {}
    for cls in _api_schemas():
        shape = cls.model_json_schema()
        other = by_name.setdefault(cls.__name__, shape)
        assert other == shape, f"two different API schemas are both named {cls.__name__}"


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", "/api/people/search", {"text": "a\x00"}),
        ("post", "/api/appeals/", {"text": "楼道灯坏了很多天了\x00", "channel": "api"}),
        ("post", "/api/appeals/", {"text": "楼道灯坏了很多天了", "title": "x", "\x00": "1"}),
        ("get", "/api/appeals/", {"q": "a\x00"}),
        ("get", "/api/people/", {"q": "\x00"}),
    ],
)
def test_a_nul_character_in_a_body_or_query_is_refused_with_a_chinese_message_and_nothing_is_stored(
    world, method, url, data
):
    from linli.appeals.models import Appeal

    client = Client()
    client.force_login(Cast(world).secretary)
    before = Appeal.objects.count()
    if method == "post":
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.get(url, data)
    if method == "post":
        assert response.status_code == 400, response.content.decode()[:300]
        assert response.json()["detail"] == "请求内容不能包含空字符（NUL），请检查后重新提交。"
    else:
        assert response.status_code == 422, response.content.decode()[:300]
        assert response.json()["errors"][0]["msg"] == "不能包含空字符（NUL）。"
    assert Appeal.objects.count() == before


@pytest.mark.parametrize("url", ["/api/places/%00", "/api/places/1%00/children", "/api/grids/%00"])
def test_a_nul_character_in_a_place_or_grid_code_is_refused_not_a_server_error(desk, url):
    response = desk.get(url)
    assert response.status_code == 422, response.content.decode()[:300]
    assert response.json()["detail"] == "请求参数有误。"
