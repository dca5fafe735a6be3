"""GET requests: the public list — filters, the 90-day window, the 1,000 cap, and privacy."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from linli.appeals.choices import Channel, Status
from linli.appeals.models import Appeal
from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import category
from linli.core import masking
from linli.core.validators import build_id_number

from .helpers import BASE, both, get, parse, validate

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def report(client, api_key, *, code="0102", description="小区北门路灯坏了一周了", **extra) -> str:
    data = {
        "api_key": api_key,
        "service_code": code,
        "description": description,
        "address_string": "春晖花园北门",
    }
    if code == "0103":
        data["attribute[trapped]"] = "no"
    if code == "0201":
        data["attribute[overflow_spots]"] = "bin_room"
    response = client.post(f"{BASE}/requests.json", {**data, **extra})
    assert response.status_code == 200, response.content.decode()
    return parse(response, "json")[0]["service_request_id"]


def age(number: str, days: float) -> None:
    Appeal.objects.filter(number=number).update(submitted_at=timezone.now() - timedelta(days=days))


def ids(data) -> list[str]:
    return [item["service_request_id"] for item in data]


def closed_public_appeal(cast) -> Appeal:
    """A resident's appeal they made public, handled to the end by 春晖物业."""
    appeal = cast.report(text="2栋楼道灯坏了，晚上很黑，我电话13812345678", actor=None, channel="open311")
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)
    wf.appeal_reply(appeal=appeal, actor=cast.handler, reply="已更换楼道灯泡和声控开关。")
    wf.appeal_close(appeal=appeal, actor=cast.desk)
    appeal.refresh_from_db()
    return appeal


def test_the_default_window_is_the_last_90_days_newest_first(client, api_key):
    first, second, old = (report(client, api_key) for _ in range(3))
    age(first, 2)
    age(second, 1)
    age(old, 100)
    data = both(client, "requests", root="service_requests")
    validate("requests", data)
    assert ids(data) == [second, first]


def test_a_window_in_the_past_finds_older_requests(client, api_key):
    old = report(client, api_key)
    age(old, 100)
    start = (timezone.now() - timedelta(days=120)).isoformat()
    end = (timezone.now() - timedelta(days=95)).isoformat()
    assert ids(both(client, "requests", root="service_requests", start_date=start, end_date=end)) == [old]
    assert ids(get(client, "requests", start_date=start)[1]) == [old]  # start + 90 days
    assert ids(get(client, "requests", end_date=end)[1]) == [old]  # end − 90 days
    earlier = (timezone.now() - timedelta(days=101)).isoformat()
    assert ids(get(client, "requests", end_date=earlier)[1]) == []


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-04-02T00:00:00+08:00"}, "90 天"),
        ({"start_date": "2026-03-01T00:00:00+08:00", "end_date": "2026-02-01T00:00:00+08:00"}, "早于"),
        ({"start_date": "last tuesday"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"status": "open,pending"}, "status"),
    ],
)
def test_bad_search_parameters_are_400(client, db, params, fragment):
    errors = both(client, "requests", root="errors", expect=400, **params)
    validate("errors", errors)
    assert fragment in errors[0]["description"]


def test_exactly_90_days_is_allowed(client, db):
    params = {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-04-01T00:00:00+08:00"}
    assert get(client, "requests", **params)[0].status_code == 200


def test_status_filter_maps_the_internal_states_to_open_and_closed(client, api_key, cast):
    open_one = report(client, api_key)
    closed = closed_public_appeal(cast)
    assert ids(get(client, "requests", status="open")[1]) == [open_one]
    assert ids(get(client, "requests", status="closed")[1]) == [closed.number]
    assert set(ids(get(client, "requests", status="open,closed")[1])) == {open_one, closed.number}
    assert len(get(client, "requests", status=["open", "closed"])[1]) == 2

    (item,) = both(client, f"requests/{closed.number}", root="service_requests")
    validate("requests", [item])
    assert item["status"] == "closed" and item["status_notes"] == "已更换楼道灯泡和声控开关。"
    assert item["agency_responsible"] == "春晖物业"
    assert item["expected_datetime"] == timezone.localtime(closed.handle_due).isoformat(timespec="seconds")
    assert item["updated_datetime"] == timezone.localtime(closed.closed_at).isoformat(timespec="seconds")


@pytest.mark.parametrize("state", [Status.RATED, Status.INVALID, Status.MERGED])
def test_other_final_states_are_closed_too(client, api_key, state):
    number, target = report(client, api_key), report(client, api_key)
    merged_into = Appeal.objects.get(number=target) if state == Status.MERGED else None
    Appeal.objects.filter(number=number).update(
        status=state, reply="已处理完毕，感谢反映。", merged_into=merged_into
    )
    assert get(client, f"requests/{number}")[1][0]["status"] == "closed"


def test_service_code_filter_takes_one_or_several_codes(client, api_key):
    lamp = report(client, api_key, code="0102")
    lift = report(client, api_key, code="0103", description="电梯停在五楼不动了")
    rubbish = report(client, api_key, code="0201", description="垃圾房满溢没人清运")
    assert ids(get(client, "requests", service_code="0103")[1]) == [lift]
    assert set(ids(get(client, "requests", service_code="0102,0201")[1])) == {lamp, rubbish}
    assert get(client, "requests", service_code="9999")[1] == []


def test_service_request_ids_override_every_other_filter(client, api_key):
    recent, old = report(client, api_key), report(client, api_key)
    age(old, 200)
    data = both(
        client,
        "requests",
        root="service_requests",
        service_request_id=f"{old}, {recent},20990101000001",
        status="closed",
        service_code="0201",
        start_date="2000-01-01T00:00:00+08:00",
    )
    validate("requests", data)
    assert set(ids(data)) == {old, recent}


def test_at_most_1000_requests_newest_first(client, world, django_assert_max_num_queries):
    now = timezone.now()
    lamp = category("0102")
    Appeal.objects.bulk_create(
        Appeal(
            number=f"20260101{i:06d}",
            channel=Channel.OPEN311,
            category=lamp,
            text=f"第{i}盏路灯不亮",
            place=world.district,
            place_code=world.district.code,
        )
        for i in range(1001)
    )
    for i, pk in enumerate(Appeal.objects.order_by("pk").values_list("pk", flat=True)):
        Appeal.objects.filter(pk=pk).update(submitted_at=now - timedelta(minutes=1001 - i))
    with django_assert_max_num_queries(4):
        response, data = get(client, "requests")
    assert response.status_code == 200 and len(data) == 1000
    assert data[0]["service_request_id"] == "20260101001000"
    assert "20260101000000" not in ids(data)
    validate("requests", data)


def test_only_appeals_sent_through_open311_appear_never_residents_own(client, api_key, cast, world):
    private = cast.report(text="我家楼上漏水，我是101的王阿姨")
    wf.appeal_receive(appeal=private, actor=cast.desk, category=category("0702"))
    # Shown to the neighbours of the 小区 is not published to the internet.
    neighbours_only = cast.report(text="东门路灯坏了一个月了，晚上很黑", is_public=True)
    wf.appeal_receive(appeal=neighbours_only, actor=cast.desk, category=category("0301"))
    public = cast.report(text="单元门门禁坏了，请尽快修好，我电话13812345678", actor=None, channel="open311")
    wf.appeal_receive(appeal=public, actor=cast.desk, category=category("0102"))
    uncategorised = cast.report(text="小区广场的长椅坏了，希望修一下", actor=None, channel="open311")

    listed = both(client, "requests", root="service_requests")
    validate("requests", listed)
    assert ids(listed) == [public.number]
    for hidden in (private, neighbours_only, uncategorised):
        response, errors = get(client, f"requests/{hidden.number}")
        assert response.status_code == 404
        validate("errors", errors)
    assert get(client, "requests", service_request_id=private.number)[1] == []

    (item,) = listed
    assert item["address"] == "春晖花园" and item["address_id"] == world.compound_a1.code
    assert "138****5678" in item["description"] and "lat" not in item


def test_no_answer_carries_names_phones_emails_or_rooms(client, api_key, cast, world):
    home = world.households[world.compound_a1.code][1]
    number = report(
        client,
        api_key,
        address_id=home.code,
        address_string="",
        first_name="建国",
        last_name="王",
        phone="13912345678",
        email="wang@example.com",
        account_id="acct-42",
    )
    public = cast.report(text="楼下垃圾桶满了，没人来收", actor=None, channel="open311")
    wf.appeal_receive(appeal=public, actor=cast.desk, category=category("0201"))
    bodies = []
    for fmt in ("json", "xml"):
        bodies.append(client.get(f"{BASE}/requests.{fmt}").content.decode())
        bodies.append(client.get(f"{BASE}/requests/{number}.{fmt}").content.decode())
        bodies.append(client.get(f"{BASE}/requests/{public.number}.{fmt}").content.decode())
    for body in bodies:
        assert number in body or public.number in body
        for secret in (
            "王建国",
            "13912345678",
            "wang@example.com",
            "acct-42",
            cast.resident.name,
            cast.resident.phone,
        ):
            assert secret not in body
        for room in ("101室", "102室", "1栋", "1单元"):
            assert room not in body


def test_identity_and_phone_numbers_in_the_text_are_masked_in_json_and_xml_alike(client, api_key):
    id_number = build_id_number(region="430602", birth_date=date(1958, 3, 7), sequence=123)
    text = f"楼道堆满杂物，我是3楼住户，电话13812345678，身份证{id_number}，请尽快清理"
    number = report(client, api_key, description=text)

    for path in ("requests", f"requests/{number}"):
        (item,) = both(client, path, root="service_requests")  # the XML carries exactly the JSON
        assert masking.mask_mobile("13812345678") in item["description"]
        assert masking.mask_id_number(id_number) in item["description"]
        for fmt in ("json", "xml"):
            body = client.get(f"{BASE}/{path}.{fmt}").content.decode()
            assert "13812345678" not in body and id_number not in body


def test_script_in_chinese_text_is_plain_text_in_json_and_escaped_in_xml(client, api_key):
    text = "<script>alert('投诉')</script>楼道灯坏了 & 没人修"
    number = report(client, api_key, description=text)

    (item,) = both(client, f"requests/{number}", root="service_requests")
    assert item["description"] == text  # a client gets back the text, not markup
    xml = client.get(f"{BASE}/requests/{number}.xml").content.decode()
    assert "&lt;script&gt;alert('投诉')&lt;/script&gt;楼道灯坏了 &amp; 没人修" in xml
    assert "<script>" not in xml


def test_the_first_photo_is_the_media_url(client, cast):
    photo = SimpleUploadedFile("lamp.png", PNG, content_type="image/png")
    appeal = cast.report(text="路灯杆倒在路边，很危险", actor=None, channel="open311", photos=[photo])
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0301"))
    (item,) = both(client, f"requests/{appeal.number}", root="service_requests")
    validate("requests", [item])
    photo_id = appeal.photos.get().pk
    assert item["media_url"] == f"http://testserver/open311/v2/media/{appeal.number}/{photo_id}"
    fetched = client.get(f"/open311/v2/media/{appeal.number}/{photo_id}")
    assert fetched.status_code == 200 and fetched["Content-Type"] == "image/png"
    assert b"".join(fetched.streaming_content) == PNG


def test_photos_of_unpublished_appeals_are_never_served_by_open311(client, cast):
    photo = SimpleUploadedFile("door.png", PNG, content_type="image/png")
    private = cast.report(text="我家门口的监控坏了", photos=[photo])
    photo_id = private.photos.get().pk
    assert client.get(f"/open311/v2/media/{private.number}/{photo_id}").status_code == 404
    assert client.get(f"/media/appeals/{private.pk}/door.png").status_code == 404  # no public media URLs
