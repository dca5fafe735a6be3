"""POST service requests are limited per api_key and per client address (per minute); the refusal is
Open311's error list with code 429 and a Retry-After header, and writes nothing."""

import pytest
from django.test import Client
from jsonschema import Draft4Validator

from linli.core.models import RateCounter
from linli.open311.services.keys import api_key_create

from .helpers import BASE, ERRORS_SCHEMA, parse
from .test_post import ELEVATOR, written


def post(client, data, fmt="json", address="10.0.0.1"):
    return client.post(f"{BASE}/requests.{fmt}", data, REMOTE_ADDR=address)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_key_over_its_limit_gets_429_in_open311_format_and_nothing_is_stored(
    client, api_key, settings, fmt
):
    settings.LINLI_OPEN311_PER_KEY_PER_MINUTE = 2
    for _ in range(2):
        assert post(client, {**ELEVATOR, "api_key": api_key}, fmt).status_code == 200
    before = written()
    response = post(client, {**ELEVATOR, "api_key": api_key}, fmt)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    if fmt == "json":
        [error] = parse(response, fmt)
        Draft4Validator(ERRORS_SCHEMA).validate([error])  # Open311's error list
        assert error["code"] == 429
    else:
        root, [error] = parse(response, fmt)
        assert root == "errors" and error["code"] == "429"
    assert error["description"].startswith("操作过于频繁，请于 1 分钟后再试")
    assert written() == before


def test_another_key_is_not_affected(client, api_key, world, settings):
    settings.LINLI_OPEN311_PER_KEY_PER_MINUTE = 1
    _, other = api_key_create(actor=None, name="区融媒体中心", place=world.district)
    assert post(client, {**ELEVATOR, "api_key": api_key}).status_code == 200
    assert post(client, {**ELEVATOR, "api_key": api_key}).status_code == 429
    assert post(client, {**ELEVATOR, "api_key": other}).status_code == 200


def test_an_address_is_limited_across_keys_and_before_the_key_is_checked(client, api_key, world, settings):
    settings.LINLI_OPEN311_PER_ADDRESS_PER_MINUTE = 2
    _, other = api_key_create(actor=None, name="区融媒体中心", place=world.district)
    assert post(client, {**ELEVATOR, "api_key": api_key}).status_code == 200
    assert post(client, {**ELEVATOR, "api_key": "guessed-key"}).status_code == 403  # counts too
    before = written()
    refused = post(client, {**ELEVATOR, "api_key": other})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert written() == before
    assert post(Client(), {**ELEVATOR, "api_key": other}, address="10.0.0.2").status_code == 200


def test_reading_requests_is_not_counted(client, api_key, settings):
    settings.LINLI_OPEN311_PER_ADDRESS_PER_MINUTE = 1
    for _ in range(3):
        assert client.get(f"{BASE}/requests.json", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert not RateCounter.objects.exists()


def test_a_limit_of_zero_lets_a_bulk_import_through(client, api_key, settings):
    settings.LINLI_OPEN311_PER_KEY_PER_MINUTE = settings.LINLI_OPEN311_PER_ADDRESS_PER_MINUTE = 0
    for _ in range(3):
        assert post(client, {**ELEVATOR, "api_key": api_key}).status_code == 200
    assert not RateCounter.objects.exists()
