"""The JSON API: propose, act with the same rules as the pages, Chinese errors, 404 outside scope, 409
when the state no longer allows the step."""

import pytest

from linli.deliberation.models import Topic

from .factories import Cast, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(world):
    return Cast(world)


def call(client, user, method, url, payload=None):
    client.force_login(user)
    if method == "get":
        return client.get("/api/deliberation" + url)
    return client.post("/api/deliberation" + url, payload or {}, content_type="application/json")


def test_topic_lifecycle_through_the_api(cast, client):
    r = call(
        client,
        cast.resident,
        "post",
        "/topics",
        {
            "place_code": cast.world.compound_a1.code,
            "title": "增设充电桩",
            "description": "电动车充电难。",
            "category": "facility",
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert call(client, cast.resident, "get", f"/topics/{pk}").json()["actions"] == ["withdraw"]
    assert call(client, cast.secretary, "get", f"/topics/{pk}").json()["actions"] == ["approve", "return"]
    r = call(client, cast.secretary, "post", f"/topics/{pk}/return", {"reason": ""})
    assert r.status_code == 400 and r.json()["detail"] == "退回议题须写明理由。"
    r = call(client, cast.secretary, "post", f"/topics/{pk}/approve", {})
    assert r.json()["status"] == "collecting"
    r = call(client, cast.secretary, "post", f"/topics/{pk}/approve", {})
    assert r.status_code == 409 and "不能审核通过" in r.json()["detail"]
    call(client, cast.secretary, "post", f"/topics/{pk}/open", {})
    call(client, cast.secretary, "post", f"/topics/{pk}/to_decision", {"mode": "vote"})
    r = call(
        client,
        cast.secretary,
        "post",
        f"/topics/{pk}/resolve",
        {
            "resolution": "在 2 栋旁增设 10 个充电桩。",
            "consensus": True,
            "items": [{"text": "物业报价", "owner_id": cast.property.pk, "deadline": tomorrow().isoformat()}],
        },
    )
    assert r.status_code == 200, r.content
    detail = call(client, cast.neighbour, "get", f"/topics/{pk}").json()
    assert detail["status"] == "implementing" and detail["is_consensus"] and detail["decision_mode"] == "vote"
    assert [i["owner"] for i in detail["items"]] == ["马经理"] and not detail["items"][0]["overdue"]
    assert [e["kind"] for e in detail["events"]] == [
        "proposed",
        "approved",
        "opened",
        "sent_to_decision",
        "resolved",
    ]


def test_api_hides_topics_outside_scope_and_refuses_bad_input(cast, client):
    topic = cast.resolved()
    assert call(client, cast.outsider, "get", f"/topics/{topic.pk}").status_code == 404
    assert call(client, cast.outsider, "post", f"/topics/{topic.pk}/support", {}).status_code == 404
    assert call(client, cast.outsider, "get", "/topics").json() == []
    r = call(
        client,
        cast.outsider,
        "post",
        "/topics",
        {"place_code": cast.world.compound_a1.code, "title": "x", "description": "y", "category": "other"},
    )
    assert r.status_code == 404
    r = call(
        client,
        cast.resident,
        "post",
        "/topics",
        {"place_code": cast.world.compound_a1.code, "title": "", "description": "y", "category": "other"},
    )
    assert r.status_code == 400 and r.json()["detail"] == "请填写议题名称。"
    assert Topic.objects.count() == 1
    r = call(client, cast.neighbour, "post", f"/topics/{topic.pk}/evaluate", {"score": 5})
    assert r.status_code == 409 and r.json()["detail"] == "议题办结后才能评价。"


def test_counts_and_meetings_endpoints(cast, client):
    cast.resolved()
    r = call(client, cast.desk, "get", "/counts")
    assert r.json()["held"] == 1
    assert set(r.json()["joint_meeting_missing"]) == {
        cast.world.compound_a1.code,
        cast.world.compound_a2.code,
    }
    assert call(client, cast.resident, "get", "/counts").status_code == 403
    assert call(client, cast.resident, "get", "/meetings").json() == []
