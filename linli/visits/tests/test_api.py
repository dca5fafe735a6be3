"""The visits JSON API, through HTTP: visits in scope (paginated), one visit, recording a visit (with an
appeal), the to-do list, coverage and care alerts — 404 outside the caller's scope, Chinese errors for
bad input with nothing written, residents' names masked."""

from datetime import date

import pytest
from django.test import Client

from linli.appeals.models import Appeal, Category
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core.frozen_time import frozen_at
from linli.visits.models import Visit
from linli.visits.services import visit_record

from .factories import Team, at, care_tag

pytestmark = pytest.mark.django_db

NOT_FOUND = "未找到该对象，或您无权查看。"
CSRF = "a" * 32


@pytest.fixture
def team(world):
    return Team(world)


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = CSRF
    client.defaults["HTTP_X_CSRFTOKEN"] = CSRF
    return client


def _post(client, body):
    return client.post("/api/visits/", body, content_type="application/json")


def _visit(actor, home, **fields):
    return visit_record(
        actor=actor, household=home, kind=fields.pop("kind", "monthly"), outcome="met", **fields
    )


def test_each_stairwell_team_lists_only_its_own_households_visits(team):
    mine = [_visit(team.leader, home) for home in team.homes1]
    theirs = _visit(team.informant2, team.homes2[0])

    body = _client(team.leader).get("/api/visits/").json()
    assert body["count"] == 3 and {v["id"] for v in body["items"]} == {v.pk for v in mine}
    assert [v["id"] for v in _client(team.informant2).get("/api/visits/").json()["items"]] == [theirs.pk]
    assert _client(team.desk).get("/api/visits/").json()["count"] == 4
    assert _client(team.outsider).get("/api/visits/").json()["count"] == 0
    # Narrowing to a place outside the caller's scope is a 404, like a missing one.
    response = _client(team.leader).get("/api/visits/", {"place": team.unit2.code})
    assert (response.status_code, response.json()["detail"]) == (404, NOT_FOUND)


def test_the_visit_list_is_paginated_newest_first(team):
    for hour in range(8, 14):
        with frozen_at(at(2026, 5, 12, hour)):
            _visit(team.leader, team.homes1[0])
    client = _client(team.leader)
    with frozen_at(at(2026, 5, 12, 15)):
        first = client.get("/api/visits/", {"limit": 4}).json()
        rest = client.get("/api/visits/", {"limit": 4, "offset": 4}).json()
        may = client.get("/api/visits/", {"month": "2026-05"}).json()
        april = client.get("/api/visits/", {"month": "2026-04"}).json()
        bad = client.get("/api/visits/", {"month": "五月"})
    assert (bad.status_code, bad.json()["detail"]) == (400, "月份格式应为 YYYY-MM，例如 2026-05。")
    assert first["count"] == 6 and len(first["items"]) == 4 and len(rest["items"]) == 2
    times = [v["visited_at"] for v in first["items"] + rest["items"]]
    assert times == sorted(times, reverse=True) and times[0].startswith("2026-05-12T13:00:00+08:00")
    assert (may["count"], april["count"]) == (6, 0)


def test_one_visit_is_found_only_within_scope_and_names_are_masked(team):
    person = team.homes1[0].members.order_by("id").first()  # 居民1甲
    visit = _visit(team.leader, team.homes1[0], person=person, notes="身体不错")
    body = _client(team.micro).get(f"/api/visits/{visit.pk}").json()
    assert (body["person"], body["notes"], body["visitor"]) == ("居**甲", "身体不错", "朱楼道长")
    assert body["household"] == {"code": team.homes1[0].code, "name": "春晖花园1栋1单元101室"}
    for outsider in (team.informant2, team.outsider):
        response = _client(outsider).get(f"/api/visits/{visit.pk}")
        assert (response.status_code, response.json()["detail"]) == (404, NOT_FOUND)
    assert _client(team.leader).get("/api/visits/999999").status_code == 404


def test_recording_a_visit_takes_the_household_off_the_to_do_list(team):
    client = _client(team.leader)
    todo = client.get("/api/visits/todo").json()
    assert [h["code"] for h in todo["items"]] == [h.code for h in team.homes1]
    person = team.homes1[1].members.order_by("id").last()
    response = _post(
        client,
        {"household": team.homes1[1].code, "kind": "door_knock", "outcome": "met", "person": person.pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind_label"], body["outcome_label"], body["person"]) == ("敲门行动", "见到本人", "居**乙")
    assert Visit.objects.get().visitor == team.leader
    todo = client.get("/api/visits/todo").json()
    assert todo["count"] == 2 and team.homes1[1].code not in {h["code"] for h in todo["items"]}
    response = client.get("/api/visits/todo", {"grid": team.world.micro_b1.code})
    assert response.status_code == 404


def test_a_household_outside_scope_cannot_be_visited_and_nothing_is_written(team):
    response = _post(
        _client(team.leader), {"household": team.homes2[0].code, "kind": "monthly", "outcome": "met"}
    )
    assert (response.status_code, response.json()["detail"]) == (404, NOT_FOUND)
    assert (
        _post(
            _client(team.property), {"household": team.homes1[0].code, "kind": "monthly", "outcome": "met"}
        ).status_code
        == 404
    )
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "party", "outcome": "met"}, "请选择走访类型。"),
        (
            {"kind": "four_contacts", "outcome": "met"},
            "四必联请选择事由（疫情防控、入户走访、空巢留守、邻里纠纷）。",
        ),
        ({"kind": "monthly", "outcome": "maybe"}, "请选择走访结果。"),
        (
            {"kind": "monthly", "outcome": "met", "visited_at": "2026-01-01T10:00:00"},
            "只能补录 31 天内的走访。",
        ),
        ({"kind": "monthly", "outcome": "met", "to_appeal": True}, "请写明发现的需求，才能转为诉求。"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(team, body, message):
    with frozen_at(at(2026, 5, 12, 10)):
        response = _post(_client(team.leader), {"household": team.homes1[0].code, **body})
    assert (response.status_code, response.json()["detail"]) == (400, message)
    assert not Visit.objects.exists() and not Appeal.objects.exists()


def test_a_person_of_another_household_is_refused(team):
    other = team.homes1[2].members.first()
    response = _post(
        _client(team.leader),
        {"household": team.homes1[0].code, "kind": "monthly", "outcome": "met", "person": other.pk},
    )
    assert (response.status_code, response.json()["detail"]) == (400, "所选居民不住在这一户。")
    assert not Visit.objects.exists()


def test_a_need_found_becomes_an_appeal_in_the_same_call(team):
    load_default_taxonomy(Category)
    response = _post(
        _client(team.leader),
        {
            "household": team.homes1[0].code,
            "kind": "four_contacts",
            "reason": "empty_nest",
            "outcome": "met",
            "needs_found": "老人腿脚不便，希望有志愿者每周帮忙买菜。",
            "to_appeal": True,
        },
    )
    assert response.status_code == 201, response.content
    appeal = Appeal.objects.get()
    assert response.json()["appeal"] == appeal.number and appeal.channel == "visit"
    assert Visit.objects.get().appeal == appeal


def test_writes_need_the_csrf_token(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.leader)
    response = _post(client, {"household": team.homes1[0].code, "kind": "monthly", "outcome": "met"})
    assert response.status_code == 403 and not Visit.objects.exists()
    assert Client().get("/api/visits/").status_code == 401


def test_coverage_counts_the_households_in_scope(team):
    with frozen_at(at(2026, 5, 12, 10)):
        _visit(team.leader, team.homes1[0])
        _visit(team.informant2, team.homes2[0])
        leader = _client(team.leader).get("/api/visits/coverage").json()
        desk = _client(team.desk).get("/api/visits/coverage", {"place": team.unit1.parent.code}).json()
        april = _client(team.leader).get("/api/visits/coverage", {"month": "2026-04"}).json()
    assert leader["month"] == "2026-05-01"
    assert (leader["total"]["visited"], leader["total"]["total"]) == (1, 3)
    assert [(u["name"], u["visited"], u["total"]) for u in desk["units"]] == [
        ("春晖花园1栋1单元", 1, 3),
        ("春晖花园1栋2单元", 1, 2),
    ]
    assert desk["place"]["code"] == team.unit1.parent.code and desk["total"]["share"] == 0.4
    assert april["total"]["visited"] == 0
    assert _client(team.leader).get("/api/visits/coverage", {"place": team.unit2.code}).status_code == 404


def test_care_alerts_through_the_api_are_scoped_and_masked(team):
    elder = team.elder()
    care_tag(team.desk, elder, "living_alone", since=date(2026, 5, 1))
    with frozen_at(at(2026, 5, 20, 9)):
        [alert] = _client(team.leader).get("/api/visits/alerts").json()
        assert _client(team.informant2).get("/api/visits/alerts").json() == []
        assert _client(team.property).get("/api/visits/alerts").status_code == 403
    assert (alert["person"], alert["kinds"], alert["days"], alert["days_since"]) == (
        "李*奶",
        ["独居老人"],
        7,
        19,
    )
