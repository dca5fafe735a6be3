"""The appeals JSON API, through HTTP only: queues per scope, detail, intake, actions, measures."""

import pytest
from django.test import Client

from linli.appeals.choices import Channel, EventKind, Status
from linli.appeals.models import Appeal, AppealEvent
from linli.appeals.services import intake
from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import Cast, category
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role

NOT_FOUND = "未找到该对象，或您无权查看。"
CSRF = "a" * 32  # an unmasked secret; Django accepts it as both cookie and header


@pytest.fixture
def cast(world):
    return Cast(world)


def _client(user, *, csrf=True) -> Client:
    """A client that enforces CSRF like a browser; it carries the token unless told not to."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    if csrf:
        client.cookies["csrftoken"] = CSRF
        client.defaults["HTTP_X_CSRFTOKEN"] = CSRF
    return client


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _act(client, appeal_id, name, **body):
    return _post(client, f"/api/appeals/{appeal_id}/actions/{name}", body)


def _ids(client, **params):
    response = client.get("/api/appeals/", params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _resident_of(world, compound, i=0, name="邻居"):
    return user_with_role(Role.RESIDENT, place=world.households[compound.code][i], name=name)


def _report(user, place, *, is_public=False, text="楼道灯坏了好几天，晚上上下楼很危险"):
    return intake.appeal_submit(
        actor=user, channel=Channel.SELF_SERVICE, text=text, place=place, is_public=is_public
    )


# — queues and scope —


def test_a_community_worker_sees_only_their_communitys_appeals_in_every_queue(cast, world):
    mine = cast.report()
    b_resident = _resident_of(world, world.compound_b1)
    theirs = _report(b_resident, world.households[world.compound_b1.code][0])

    a_desk, b_desk = _client(cast.desk), _client(cast.outsider)
    for queue in ("to_receive", "all"):
        assert _ids(a_desk, queue=queue) == {str(mine.pk)}
        assert _ids(b_desk, queue=queue) == {str(theirs.pk)}
    assert _ids(b_desk, queue="all", q=mine.number) == set()


def test_a_resident_sees_their_own_and_the_public_appeals_of_their_own_compound(cast, world):
    own = cast.report()
    neighbour = _resident_of(world, world.compound_a1, 1)
    public = _report(neighbour, world.households[world.compound_a1.code][1], is_public=True)
    _report(neighbour, world.households[world.compound_a1.code][1])  # private
    other_compound = _resident_of(world, world.compound_a2)
    _report(other_compound, world.households[world.compound_a2.code][0], is_public=True)

    client = _client(cast.resident)
    assert _ids(client, queue="all") == {str(own.pk), str(public.pk)}
    assert _ids(client, queue="mine") == {str(own.pk)}
    assert _ids(client, queue="to_receive") == set()


def test_list_items_carry_labels_deadlines_and_local_times(cast):
    appeal = cast.report(text="门" * 300)
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)

    page = _client(cast.desk).get("/api/appeals/", {"queue": "all", "status": "dispatched"}).json()
    assert page["count"] == 1
    (item,) = page["items"]
    assert item["id"] == str(appeal.pk) and item["number"] == appeal.number
    assert len(item["text"]) == 200 and item["text"].endswith("…")
    assert (item["status"], item["status_label"]) == ("dispatched", "待签收")
    assert item["category"] == {"code": "0102", "name": "设施维修"}
    assert item["unit"] == "春晖物业" and item["card"] == "none" and item["channel"] == "self_service"
    assert item["deadlines"]["sign"] == "on_track" and item["deadlines"]["sign_label"] == "正常"
    assert item["submitted_at"].endswith("+08:00") and item["handle_due"].endswith("+08:00")


def test_unknown_queue_is_refused_in_chinese(cast):
    response = _client(cast.desk).get("/api/appeals/?queue=everything")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("未知的队列“everything”")


def test_the_list_costs_the_same_queries_for_one_appeal_or_many(cast, django_assert_max_num_queries):
    for _ in range(6):
        cast.report()
    client = _client(cast.desk)
    with django_assert_max_num_queries(8):
        assert len(_ids(client, queue="all")) == 6


# — detail —


def test_detail_outside_scope_or_missing_answers_404_in_chinese(cast):
    appeal = cast.report()
    for user in (cast.outsider, cast.other_resident):
        response = _client(user).get(f"/api/appeals/{appeal.pk}")
        assert response.status_code == 404 and response.json()["detail"] == NOT_FOUND
    assert _client(cast.desk).get("/api/appeals/999999").status_code == 404


def test_detail_shows_staff_the_actions_and_notes_but_hides_them_from_the_resident(cast):
    appeal = cast.report()
    intake.appeal_note(appeal=appeal, actor=cast.desk, text="此人多次反映，注意核实")

    staff = _client(cast.desk).get(f"/api/appeals/{appeal.pk}").json()
    assert {"receive", "reject", "merge", "classify", "note"} <= {a["name"] for a in staff["actions"]}
    assert [e["kind"] for e in staff["timeline"]] == ["submitted", "noted"]
    assert staff["timeline"][1]["actor"] == "社区小陈" and staff["reporter"]["name"] == "居民王"

    own = _client(cast.resident).get(f"/api/appeals/{appeal.pk}").json()
    assert [e["kind"] for e in own["timeline"]] == ["submitted"]
    assert own["reporter"] is None and own["actions"] == [] and own["timeline"][0]["actor"] is None
    assert own["text"] == appeal.text and own["place"]["code"] == cast.home.code and own["photos"] == []


# — intake —


def test_staff_record_an_appeal_through_the_api_and_get_the_detail(cast, world):
    response = _post(
        _client(cast.desk),
        "/api/appeals/",
        {
            "text": "小区东门路灯不亮，已经一周了",
            "place": world.compound_a1.code,
            "category": "0102",
            "title": "东门路灯",
            "reporter_name": "李阿姨",
            "reporter_phone": "13812345678",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["channel"], body["status"], body["category"]["code"]) == ("api", "submitted", "0102")
    assert body["reporter"]["phone_masked"] == "138****5678"
    assert Appeal.objects.get(pk=body["id"]).events.get().kind == EventKind.SUBMITTED


@pytest.mark.parametrize(
    ("change", "status", "field", "detail"),
    [
        ({"text": "坏了"}, 400, "text", "请把事情说清楚一些（至少 5 个字）。"),
        ({"place": "430699999999"}, 400, "place", "找不到该地点编码。"),
        ({"place": ""}, 400, "place", "请选择诉求发生的地点。"),
        ({"category": "01"}, 400, "category", "找不到该分类，请填写启用的二级分类编码。"),
        ({"appeal_type": "rumour"}, 400, "appeal_type", "请选择诉求类型。"),
        ({"channel": "open311"}, 400, "channel", "该渠道不能通过接口录入。"),
        ({"place": "430699001002001"}, 400, "place", "该地点不在您的管辖范围内。"),  # community B
        ({"text": None}, 422, None, "请求参数有误。"),
    ],
)
def test_create_refuses_bad_input_in_chinese_and_writes_nothing(cast, world, change, status, field, detail):
    body = {"text": "小区东门路灯不亮，已经一周了", "place": world.compound_a1.code, **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = _post(_client(cast.desk), "/api/appeals/", body)
    assert response.status_code == status
    assert response.json()["detail"] == detail
    if field:
        assert response.json()["field"] == field
    assert not Appeal.objects.exists()


def test_writes_without_the_csrf_token_are_refused(cast, world):
    response = _post(
        _client(cast.desk, csrf=False),
        "/api/appeals/",
        {"text": "小区东门路灯不亮，已经一周了", "place": world.compound_a1.code},
    )
    assert response.status_code == 403 and not Appeal.objects.exists()


def test_api_needs_a_login(db):
    assert Client().get("/api/appeals/").status_code == 401
    assert Client().get("/api/appeals/measures").json()["detail"] == "请先登录。"


# — actions: the whole loop —


def _satisfaction(client):
    response = client.get("/api/appeals/measures")
    assert response.status_code == 200, response.content
    return next(r for r in response.json()["rates"] if r["key"] == "satisfaction")


def test_the_whole_loop_through_the_api_moves_the_satisfaction_rate(cast):
    resident, desk, handler = _client(cast.resident), _client(cast.desk), _client(cast.handler)
    before = _satisfaction(desk)
    assert before == {
        "key": "satisfaction",
        "label": "满意率",
        "numerator": 0,
        "denominator": 0,
        "value": None,
        "formula": "(满意 + 基本满意) ÷ 评价数",
    }

    created = _post(
        resident,
        "/api/appeals/",
        {"text": "单元门门禁坏了，外人随便进出", "place": cast.home.code, "channel": "self_service"},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    steps = [
        (desk, "receive", {"category": "0102"}, "received"),
        (desk, "dispatch", {"unit": cast.unit.pk, "note": "请今天处理"}, "dispatched"),
        (handler, "sign", {}, "in_progress"),
        (
            handler,
            "reply",
            {"reply": "已更换门禁电机，门已能正常关闭。", "internal_note": "电机烧坏"},
            "replied",
        ),
        (desk, "close", {}, "closed"),
        (resident, "rate", {"satisfaction": "satisfied", "resolved": True, "comment": "很快"}, "rated"),
    ]
    for client, name, body, status in steps:
        response = _act(client, pk, name, **body)
        assert response.status_code == 200, (name, response.content)
        assert response.json()["appeal"]["status"] == status, name

    detail = resident.get(f"/api/appeals/{pk}").json()
    assert detail["reply"] == "已更换门禁电机，门已能正常关闭。"
    assert detail["rating"]["satisfaction_label"] == "满意" and detail["rating"]["resolved"] is True
    assert "电机烧坏" not in str(detail["timeline"])
    after = _satisfaction(desk)
    assert (after["numerator"], after["denominator"], after["value"]) == (1, 1, 1.0)
    body = desk.get("/api/appeals/measures").json()
    assert body["counts"]["rated"] == 1 and body["weights"] == "20/40/40"
    assert body["score"] == pytest.approx(1.0)


# — actions: refusals —


def test_two_stale_clients_the_second_gets_409_and_nothing_is_written(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    desk, secretary = _client(cast.desk), _client(cast.secretary)
    seen = [c.get(f"/api/appeals/{appeal.pk}").json()["version"] for c in (desk, secretary)]
    assert seen[0] == seen[1]
    events = AppealEvent.objects.filter(appeal=appeal).count()

    assert _act(desk, appeal.pk, "dispatch", unit=cast.unit.pk, version=seen[0]).status_code == 200
    late = _act(secretary, appeal.pk, "escalate", reason="需要街道协调", version=seen[1])

    assert late.status_code == 409 and late.json()["detail"] == "该诉求刚刚已被他人处理，请刷新后再试。"
    appeal.refresh_from_db()
    assert appeal.status == Status.DISPATCHED and appeal.escalation_count == 0
    assert AppealEvent.objects.filter(appeal=appeal).count() == events + 1


def test_an_action_the_state_no_longer_allows_answers_409(cast):
    appeal = cast.report()
    desk, secretary = _client(cast.desk), _client(cast.secretary)
    assert _act(desk, appeal.pk, "receive").status_code == 200
    again = _act(secretary, appeal.pk, "receive")
    assert again.status_code == 409 and again.json()["detail"] == "该诉求当前为“待派单”，不能受理。"
    assert AppealEvent.objects.filter(appeal=appeal, kind=EventKind.RECEIVED).count() == 1


def test_action_refusals_answer_403_404_and_400_in_chinese(cast):
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)

    forbidden = _act(_client(cast.grid_worker), appeal.pk, "sign")  # sees it by grid, not its unit
    assert forbidden.status_code == 403 and forbidden.json()["detail"] == "您没有执行此操作的权限。"
    assert _act(_client(cast.outsider), appeal.pk, "escalate", reason="越权上报").status_code == 404
    assert _act(_client(cast.desk), appeal.pk, "teleport").status_code == 404
    bad = _act(_client(cast.handler), appeal.pk, "return", reason="")
    assert bad.status_code == 400 and bad.json()["detail"] == "请填写回退理由。"
    appeal.refresh_from_db()
    assert appeal.status == Status.DISPATCHED and appeal.signed_at is None


# — measures, categories, schema —


def test_measures_for_a_place_outside_scope_answer_404_and_unknown_weights_400(cast, world):
    desk = _client(cast.desk)
    assert desk.get("/api/appeals/measures", {"place": world.community_b.code}).status_code == 404
    ok = desk.get("/api/appeals/measures", {"place": world.compound_a1.code, "from": "2026-01-01"})
    assert ok.status_code == 200 and ok.json()["place"]["name"] == "春晖花园"
    assert ok.json()["start"] == "2026-01-01"
    bad = desk.get("/api/appeals/measures", {"weights": "50/50"})
    assert bad.status_code == 400 and "权重方案" in bad.json()["detail"]
    assert desk.get("/api/appeals/measures", {"from": "昨天"}).status_code == 422
    assert _client(cast.resident).get("/api/appeals/measures").status_code == 403


def test_categories_list_the_taxonomy_with_its_limits(cast):
    groups = _client(cast.resident).get("/api/appeals/categories").json()
    property_ = next(g for g in groups if g["code"] == "01")
    lift = next(c for c in property_["children"] if c["code"] == "0103")
    assert (lift["name"], lift["sign_limit"], lift["handle_limit"]) == ("电梯故障", "2小时", "1工作日")
    assert lift["default_level_label"] == "小区" and lift["routing"] == "owner"


def test_openapi_schema_lists_the_appeals_endpoints(db):
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {
        "/api/appeals/",
        "/api/appeals/{appeal_id}",
        "/api/appeals/{appeal_id}/actions/{name}",
        "/api/appeals/measures",
        "/api/appeals/categories",
    } <= paths.keys()
    assert {"get", "post"} <= paths["/api/appeals/"].keys()


# — script in Chinese text —

SCRIPT_TEXT = "<script>alert('投诉')</script>楼道灯坏了<img src=x onerror=alert(1)>，请尽快修"


def test_script_in_chinese_text_is_stored_as_written_returned_as_json_text_and_shown_escaped(cast):
    resident = _client(cast.resident)
    response = _post(
        resident, "/api/appeals/", {"text": SCRIPT_TEXT, "place": cast.home.code, "channel": "self_service"}
    )
    assert response.status_code == 201, response.content.decode()
    assert response["Content-Type"].startswith("application/json")
    appeal_id = response.json()["id"]
    assert Appeal.objects.get(pk=appeal_id).text == SCRIPT_TEXT  # kept as written, nothing stripped

    desk = _client(cast.desk)
    assert desk.get(f"/api/appeals/{appeal_id}").json()["text"] == SCRIPT_TEXT
    for url in (f"/appeals/{appeal_id}/", "/appeals/"):
        page = desk.get(url).content.decode()
        assert "&lt;script&gt;alert(&#x27;投诉&#x27;)&lt;/script&gt;楼道灯坏了" in page, url
        assert "<script>alert" not in page and "<img src=x" not in page, url
