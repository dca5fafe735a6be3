"""POST requests: a partner system reports with its API key; a refused request writes nothing."""

from decimal import Decimal

import pytest
from django.test import Client

from linli.appeals.choices import Channel, Level, Status
from linli.appeals.models import Appeal, AppealEvent
from linli.open311.models import ApiKey, RequestAttributeValue, RequestToken
from linli.open311.services.keys import api_key_create, api_key_revoke

from .helpers import BASE, both, get, parse, validate, xml_to_python

ELEVATOR = {
    "service_code": "0103",
    "description": "3栋电梯停在12楼，门打不开，里面有人在喊救命",
    "lat": "28.123456",
    "long": "112.987654",
    "address_string": "东风路88号春晖花园3栋",
    "first_name": "建国",
    "last_name": "王",
    "phone": "13912345678",
    "email": "wang@example.com",
    "device_id": "device-7",
    "account_id": "acct-42",
    "media_url": "https://img.example.com/lift.jpg",
    "attribute[trapped]": "yes",
    "attribute[floor]": "12",
    "attribute[occurred_at]": "2026-03-15T08:30:00+08:00",
    "attribute[details]": "有明显异响",
}


def post(client, data, fmt="json"):
    return client.post(f"{BASE}/requests.{fmt}", data)


def written() -> tuple[int, ...]:
    return (
        Appeal.objects.count(),
        AppealEvent.objects.count(),
        RequestToken.objects.count(),
        RequestAttributeValue.objects.count(),
    )


def test_a_valid_post_creates_an_open311_appeal_and_answers_id_token_and_notice(client, api_key):
    response = post(client, {**ELEVATOR, "api_key": api_key})
    assert response.status_code == 200, response.content.decode()
    answer = parse(response, "json")
    validate("created", answer)
    (created,) = answer
    assert created["account_id"] == "acct-42" and "2小时内签收" in created["service_notice"]

    appeal = Appeal.objects.get(number=created["service_request_id"])
    assert appeal.channel == Channel.OPEN311 and appeal.status == Status.SUBMITTED
    assert appeal.category.code == "0103" and appeal.text == ELEVATOR["description"]
    assert appeal.place.code == "430699" and appeal.level == Level.DISTRICT  # the key's node
    assert appeal.address == "东风路88号春晖花园3栋"
    assert (appeal.latitude, appeal.longitude) == (Decimal("28.123456"), Decimal("112.987654"))
    assert appeal.reporter_name == "王建国" and appeal.reporter_phone == "13912345678"
    event = appeal.events.get()
    assert event.data["channel"] == "open311"
    assert "：是" in event.note and "：12" in event.note  # staff read the caller's answers on the timeline
    record = appeal.open311_request
    assert record.token == created["token"] and record.api_key.last_used_at is not None
    assert (record.media_url, record.email, record.device_id, record.account_id) == (
        "https://img.example.com/lift.jpg",
        "wang@example.com",
        "device-7",
        "acct-42",
    )
    assert {v.code: v.value for v in record.attributes.all()} == {
        "trapped": "yes",
        "floor": 12,
        "occurred_at": "2026-03-15T08:30:00+08:00",
        "details": "有明显异响",
    }

    shown = both(client, f"requests/{appeal.number}", root="service_requests")
    validate("requests", shown)
    (item,) = shown
    assert item["service_request_id"] == appeal.number and item["status"] == "open"
    assert item["service_code"] == "0103" and item["service_name"] == "电梯故障"
    assert item["address"] == "东风路88号春晖花园3栋" and (item["lat"], item["long"]) == (
        28.123456,
        112.987654,
    )
    assert item["media_url"] == "https://img.example.com/lift.jpg" and "expected_datetime" not in item

    tokens = both(client, f"tokens/{created['token']}", root="service_requests")
    validate("tokens", tokens)
    assert tokens == [{"service_request_id": appeal.number, "token": created["token"]}]


def test_post_in_xml_answers_the_same_fields(client, api_key):
    response = post(client, {**ELEVATOR, "api_key": api_key}, fmt="xml")
    assert response.status_code == 200
    root, answer = xml_to_python(response.content)
    assert root == "service_requests"
    (created,) = answer
    assert set(created) == {"service_request_id", "token", "service_notice", "account_id"}
    assert Appeal.objects.get(number=created["service_request_id"]).open311_request.token == created["token"]


def test_post_needs_no_csrf_token_but_an_api_key(api_key):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, {**ELEVATOR, "api_key": api_key}).status_code == 200


def test_api_key_may_come_in_the_query_string(client, api_key):
    response = client.post(f"{BASE}/requests.json?api_key={api_key}", ELEVATOR)
    assert response.status_code == 200


def test_address_id_places_the_appeal_there_and_the_answer_shows_only_the_compound(client, api_key, world):
    home = world.households[world.compound_a1.code][0]
    data = {
        "api_key": api_key,
        "service_code": "0102",
        "address_id": home.code,
        "description": "楼道灯坏了一周了",
    }
    created = parse(post(client, data), "json")[0]
    appeal = Appeal.objects.get(number=created["service_request_id"])
    assert appeal.place == home and appeal.address == ""
    (item,) = both(client, f"requests/{appeal.number}", root="service_requests")
    assert item["address"] == "春晖花园" and item["address_id"] == world.compound_a1.code
    assert "lat" not in item and "101" not in str(item)


def test_coordinates_or_address_alone_lie_at_the_keys_node(client, world):
    _, raw = api_key_create(actor=None, name="东风街道小程序", place=world.street)
    data = {
        "api_key": raw,
        "service_code": "0102",
        "lat": "28.1",
        "long": "112.9",
        "description": "小区门口路灯不亮",
    }
    created = parse(post(client, data), "json")[0]
    appeal = Appeal.objects.get(number=created["service_request_id"])
    assert appeal.place == world.street and appeal.level == Level.STREET
    assert appeal.address == "" and appeal.latitude == Decimal("28.100000")


def test_a_multivaluelist_takes_repeated_keys(client, api_key):
    data = {
        "api_key": api_key,
        "service_code": "0201",
        "address_string": "春晖花园北门",
        "description": "垃圾桶满了两天没人清运",
        "attribute[overflow_spots][]": ["bin_room", "kerbside", "bin_room"],
        "attribute[door_number]": "北门 2 号",
    }
    created = parse(post(client, data), "json")[0]
    values = RequestAttributeValue.objects.filter(request__token=created["token"])
    assert {v.code: v.value for v in values} == {
        "overflow_spots": ["bin_room", "kerbside"],
        "door_number": "北门 2 号",
    }


def _without(*names):
    return {k: v for k, v in ELEVATOR.items() if k not in names}


REFUSALS = [
    ("no key", _without(), None, 403, "api_key"),
    ("wrong key", ELEVATOR, "abcd1234.not-the-secret", 403, "api_key"),
    ("malformed key", ELEVATOR, "no-dot-here", 403, "api_key"),
    ("missing service", _without("service_code"), "", 400, "service_code"),
    ("unknown service", {**ELEVATOR, "service_code": "9999"}, "", 404, "9999"),
    ("group as service", {**ELEVATOR, "service_code": "01"}, "", 404, "service_code"),
    ("no location", _without("lat", "long", "address_string"), "", 400, "位置"),
    ("latitude out of range", {**ELEVATOR, "lat": "95"}, "", 400, "lat"),
    ("latitude not a number", {**ELEVATOR, "lat": "north"}, "", 400, "lat"),
    ("latitude without longitude", _without("long"), "", 400, "lat 和 long"),
    ("unknown address_id", {**ELEVATOR, "address_id": "999999"}, "", 400, "address_id"),
    ("address too long", {**ELEVATOR, "address_string": "路" * 201}, "", 400, "address_string"),
    ("required attribute missing", _without("attribute[trapped]"), "", 400, "attribute[trapped]"),
    (
        "number attribute not a number",
        {**ELEVATOR, "attribute[floor]": "十二楼"},
        "",
        400,
        "attribute[floor]",
    ),
    ("datetime attribute malformed", {**ELEVATOR, "attribute[occurred_at]": "昨天"}, "", 400, "occurred_at"),
    ("list key not offered", {**ELEVATOR, "attribute[trapped]": "maybe"}, "", 400, "maybe"),
    ("two values for a single list", {**ELEVATOR, "attribute[trapped]": ["yes", "no"]}, "", 400, "一个值"),
    ("unknown attribute", {**ELEVATOR, "attribute[colour]": "red"}, "", 400, "colour"),
    ("description too short", {**ELEVATOR, "description": "电梯坏"}, "", 400, "至少 5 个字"),
    ("description missing", _without("description"), "", 400, "description"),
    ("description too long", {**ELEVATOR, "description": "电" * 2001}, "", 400, "2000"),
    ("email malformed", {**ELEVATOR, "email": "not-an-email"}, "", 400, "email"),
    ("media_url not http", {**ELEVATOR, "media_url": "javascript:alert(1)"}, "", 400, "media_url"),
    ("phone with letters", {**ELEVATOR, "phone": "call me"}, "", 400, "phone"),
    ("other jurisdiction", {**ELEVATOR, "jurisdiction_id": "beijing"}, "", 404, "jurisdiction_id"),
]


@pytest.mark.parametrize(
    ("data", "key", "status", "fragment"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_refused_post_answers_an_error_list_and_writes_nothing(
    client, api_key, data, key, status, fragment, fmt
):
    data = dict(data)
    if key is not None:
        data["api_key"] = key or api_key
    before = written()
    response = post(client, data, fmt=fmt)
    assert response.status_code == status
    if fmt == "json":
        errors = parse(response, "json")
        validate("errors", errors)
        assert all(e["code"] == status for e in errors)
    else:
        root, errors = xml_to_python(response.content)
        assert root == "errors" and all(e["code"] == str(status) for e in errors)
    assert any(fragment in e["description"] for e in errors), errors
    assert written() == before


def test_a_revoked_key_is_refused_and_writes_nothing(client, world):
    key, raw = api_key_create(actor=None, name="已停用的系统", place=world.district)
    api_key_revoke(actor=None, key=key)
    before = written()
    response = post(client, {**ELEVATOR, "api_key": raw})
    assert response.status_code == 403
    errors = parse(response, "json")
    validate("errors", errors)
    assert "吊销" in errors[0]["description"]
    assert written() == before and ApiKey.objects.get(pk=key.pk).last_used_at is None


def test_address_id_outside_the_keys_jurisdiction_is_refused(client, world):
    _, raw = api_key_create(actor=None, name="春晖社区公众号", place=world.community_a)
    other = world.households[world.compound_b1.code][0]
    before = written()
    response = post(client, {**ELEVATOR, "api_key": raw, "address_id": other.code})
    assert response.status_code == 400 and "辖区" in parse(response, "json")[0]["description"]
    assert written() == before


def test_every_problem_is_reported_at_once(client, api_key):
    data = {**_without("attribute[trapped]"), "api_key": api_key, "lat": "91", "attribute[floor]": "high"}
    response = post(client, data)
    assert response.status_code == 400
    descriptions = [e["description"] for e in parse(response, "json")]
    assert len(descriptions) == 3
    assert any("lat" in d for d in descriptions) and any("trapped" in d for d in descriptions)


def test_informational_attributes_take_no_value(client, api_key):
    response = post(client, {**ELEVATOR, "api_key": api_key, "attribute[safety_tip]": "已阅"})
    assert response.status_code == 200
    token = parse(response, "json")[0]["token"]
    assert not RequestAttributeValue.objects.filter(request__token=token, code="safety_tip").exists()


def test_an_unknown_token_or_request_is_404(client, db):
    for path in ("tokens/nope", "requests/20990101000001"):
        response, errors = get(client, path)
        assert response.status_code == 404
        validate("errors", errors)
