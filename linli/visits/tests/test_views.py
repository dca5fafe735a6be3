"""The pages: the 楼道 team's to-do list and one-tap visit, coverage, alerts, patrols and hazards — and
that nobody reaches a household, place or hazard outside their scope (404, like a missing one)."""

import re
from datetime import date

import pytest

from linli.appeals.models import Appeal, Category
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core.frozen_time import frozen_at
from linli.places.choices import PlaceLevel
from linli.places.models import Place
from linli.visits.choices import HazardStatus
from linli.visits.models import Hazard, Patrol, Visit
from linli.visits.services import hazard_report

from .factories import Team, at, care_tag, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def team(world):
    return Team(world)


def page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def test_stairwell_leader_sees_her_own_households_to_visit(team, client):
    response = page(client, team.leader, "/visits/")
    html = response.content.decode()
    assert response.status_code == 200
    for home in team.homes1:
        assert f'id="h{home.code}"' in html
    for home in team.homes2:
        assert home.code not in html
    assert "本月已走访 <b>0</b> / 3 户" in html
    assert "记录走访" in html


def test_one_tap_visit_takes_the_household_off_the_list(team, client):
    client.force_login(team.leader)
    home = team.homes1[1]
    response = client.post(
        f"/visits/record/{home.code}/", {"kind": "monthly", "outcome": "met", "next": "/visits/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/visits/"
    html = response.content.decode()
    assert "已记录 春晖花园1栋1单元102室 的月度走访（见到本人）" in html
    assert f'id="h{home.code}"' not in html
    assert "本月已走访 <b>1</b> / 3 户" in html
    assert Visit.objects.get().visitor == team.leader


def test_a_need_turned_into_an_appeal_from_the_form(team, client):
    load_default_taxonomy(Category)
    client.force_login(team.leader)
    home = team.homes1[0]
    response = client.post(
        f"/visits/record/{home.code}/",
        {
            "kind": "four_contacts",
            "reason": "empty_nest",
            "outcome": "met",
            "needs_found": "老人腿脚不便，希望有志愿者每周帮忙买菜。",
            "to_appeal": "on",
            "appeal_type": "help",
        },
        follow=True,
    )
    appeal = Appeal.objects.get()
    assert f"需求已转为诉求，编号 {appeal.number}" in response.content.decode()
    assert Visit.objects.get().appeal == appeal


def test_form_errors_come_back_in_chinese(team, client):
    client.force_login(team.leader)
    home = team.homes1[0]
    response = client.post(f"/visits/record/{home.code}/", {"kind": "four_contacts", "outcome": "met"})
    assert response.status_code == 200
    assert "四必联请选择事由" in response.content.decode()
    assert not Visit.objects.exists()


def test_informant_cannot_see_or_record_in_the_next_stairwell(team, client):
    client.force_login(team.informant)
    other = team.homes2[0]
    assert client.get(f"/visits/record/{other.code}/").status_code == 404
    assert (
        client.post(f"/visits/record/{other.code}/", {"kind": "monthly", "outcome": "met"}).status_code == 404
    )
    assert not Visit.objects.exists()
    assert client.get(f"/visits/?place={team.unit2.code}").status_code == 404
    assert client.get(f"/visits/coverage/?place={team.unit2.code}").status_code == 404
    html = client.get("/visits/coverage/").content.decode()
    assert "春晖花园1栋1单元" in html and "春晖花园1栋2单元" not in html
    assert team.homes2[0].code not in client.get("/visits/").content.decode()


def test_a_missing_household_is_the_same_404(team, client):
    client.force_login(team.informant)
    assert client.get("/visits/record/430699001001001001010009/").status_code == 404
    assert client.get(f"/visits/record/{team.unit1.code}/").status_code == 404  # not a household


def test_staff_without_visits_of_their_own_land_on_coverage(team, client):
    response = page(client, team.street, "/visits/")
    assert response.status_code == 302 and response.url == "/visits/coverage/"
    assert page(client, team.resident, "/visits/").status_code == 403
    assert page(client, team.property, "/visits/coverage/").status_code == 403


def test_coverage_page_and_drill_down(team, client):
    with frozen_at(at(2026, 5, 3, 10)):
        from linli.visits.services import visit_record

        visit_record(actor=team.leader, household=team.homes1[0], kind="monthly", outcome="met")
    with frozen_at(at(2026, 5, 20, 10)):
        html = page(client, team.desk, "/visits/coverage/").content.decode()
        assert "1/3" in html and "0/2" in html
        assert "春晖1-1微网格" in html and "未划网格" in html
        drill = client.get(f"/visits/coverage/?place={team.unit1.code}").content.decode()
        assert drill.count("已走访</span>") == 1 and drill.count("未走访</span>") == 2
        april = client.get("/visits/coverage/?month=2026-04").content.decode()
        assert "2026年4月" in april and "0/3" in april


def test_to_do_page_does_not_query_per_household(team, client, django_assert_max_num_queries):
    client.force_login(team.desk)
    client.get("/visits/")
    with django_assert_max_num_queries(10):
        client.get("/visits/")
    unit = team.unit2
    for i in range(3, 13):
        Place.objects.create(
            code=f"{unit.code}{i:04d}", name=f"{i}室", level=PlaceLevel.HOUSEHOLD, parent=unit
        )
    with django_assert_max_num_queries(10):
        client.get("/visits/")


def test_alerts_page_lists_my_overdue_residents(team, client):
    elder = team.elder()
    care_tag(team.desk, elder, "living_alone", since=date(2026, 5, 1))
    with frozen_at(at(2026, 5, 20, 9)):
        html = page(client, team.leader, "/visits/alerts/").content.decode()
        assert "李奶奶" in html and "独居老人" in html and "已 19 天" in html
        assert "李奶奶" not in page(client, team.informant2, "/visits/alerts/").content.decode()
    assert page(client, team.property, "/visits/alerts/").status_code == 403


def test_patrol_check_in_from_the_page(team, client):
    client.force_login(team.micro)
    html = client.get("/visits/patrols/").content.decode()
    assert "今天已巡查 <b data-today>0</b> / 3 次" in html
    response = client.post(
        "/visits/patrols/", {"grid": team.world.micro_a1.code, "notes": "楼道通畅"}, follow=True
    )
    assert "已签到，今天第 1 次巡查" in response.content.decode()
    assert Patrol.objects.get().grid == team.world.micro_a1
    # A grid outside the worker's own cannot be posted.
    client.post("/visits/patrols/", {"grid": team.world.micro_b1.code})
    assert Patrol.objects.count() == 1


def test_staff_see_compliance_and_others_are_refused(team, client):
    html = page(client, team.desk, "/visits/patrols/").content.decode()
    assert "达标情况" in html and "黄微网格员" in html and "巡查签到" not in html
    assert page(client, team.leader, "/visits/patrols/").status_code == 403


def test_hazard_reported_with_a_photo_then_closed_with_evidence(team, client):
    client.force_login(team.leader)
    response = client.post(
        "/visits/hazards/new/",
        {
            "place": team.unit1.code,
            "category": "fire_lane",
            "description": "楼道堆满纸箱，堵住了安全出口",
            "photos": [photo()],
        },
        follow=True,
    )
    hazard = Hazard.objects.get()
    assert response.redirect_chain[-1][0] == f"/visits/hazards/{hazard.pk}/"
    assert "隐患已上报" in response.content.decode()
    assert hazard.photos.count() == 1
    client.force_login(team.micro)
    response = client.post(f"/visits/hazards/{hazard.pk}/close/", {"evidence": "纸箱已清走"}, follow=True)
    assert "销号须上传整改后的照片作为佐证" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.OPEN
    client.post(f"/visits/hazards/{hazard.pk}/close/", {"evidence": "纸箱已清走", "photos": [photo()]})
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    html = client.get(f"/visits/hazards/{hazard.pk}/").content.decode()
    assert "已销号" in html and "纸箱已清走" in html and "整改销号</summary>" not in html


def test_hazard_to_work_order_from_the_page(team, client):
    load_default_taxonomy(Category)
    hazard = hazard_report(
        actor=team.leader, place=team.unit1, category="gas", description="楼道里闻到燃气味"
    )
    client.force_login(team.grid_worker)
    response = client.post(f"/visits/hazards/{hazard.pk}/to_appeal/", follow=True)
    appeal = Appeal.objects.get()
    assert f"已转为工单，编号 {appeal.number}" in response.content.decode()


def test_hazards_out_of_scope_are_404(team, client):
    hazard = hazard_report(
        actor=team.leader, place=team.unit1, category="other", description="一楼窗户玻璃碎了"
    )
    assert page(client, team.informant2, f"/visits/hazards/{hazard.pk}/").status_code == 404
    assert page(client, team.outsider, f"/visits/hazards/{hazard.pk}/").status_code == 404
    assert page(client, team.informant, f"/visits/hazards/{hazard.pk}/").status_code == 200
    html = page(client, team.informant2, "/visits/hazards/new/").content.decode()
    assert team.unit2.code in html and f'value="{team.unit1.code}"' not in html
    client.force_login(team.informant2)
    client.post(
        "/visits/hazards/new/", {"place": team.unit1.code, "category": "other", "description": "别人的楼道"}
    )
    assert Hazard.objects.count() == 1


def test_menu_and_workbench(team, client):
    html = page(client, team.leader, "/").content.decode()
    assert re.search(r'<a href="/visits/"[^>]*>走访</a>', html)
    assert "本月待走访户" in html
    micro = page(client, team.micro, "/").content.decode()
    assert "今日巡查" in micro and "一日三巡：0/3 次" in micro
    resident = page(client, team.resident, "/").content.decode()
    assert '<a href="/visits/"' not in resident


def _visits(actor, home, n, kind="monthly"):
    from linli.visits.services import visit_record

    for i in range(n):
        with frozen_at(at(2026, 5, 1 + i // 10, 8 + i % 10)):
            visit_record(actor=actor, household=home, kind=kind, outcome="met", notes=f"第{i + 1}次")


def test_visit_history_is_paginated_filtered_and_scoped(team, client):
    _visits(team.leader, team.homes1[0], 33)
    _visits(team.leader, team.homes1[1], 2, kind="door_knock")
    _visits(team.informant2, team.homes2[0], 1)
    with frozen_at(at(2026, 5, 10, 9)):
        first = page(client, team.leader, "/visits/history/").content.decode()
        assert "共 35 条" in first and "第 1 / 2 页" in first and first.count('class="card visit-row"') == 30
        second = client.get("/visits/history/?page=2").content.decode()
        assert second.count('class="card visit-row"') == 5 and "第1次" in second
        knocks = client.get("/visits/history/?kind=door_knock").content.decode()
        assert "共 2 条" in knocks and "page=" not in knocks
        assert "共 0 条" in client.get("/visits/history/?month=2026-04").content.decode()
        assert client.get(f"/visits/history/?place={team.unit2.code}").status_code == 404
        other = page(client, team.informant2, "/visits/history/").content.decode()
        assert "共 1 条" in other and "101室" in other and team.homes1[0].display_name not in other
    assert page(client, team.property, "/visits/history/").status_code == 403


def test_a_households_visit_history_pages_on_the_record_page(team, client):
    _visits(team.leader, team.homes1[0], 12)
    with frozen_at(at(2026, 5, 10, 9)):
        html = page(client, team.leader, f"/visits/record/{team.homes1[0].code}/").content.decode()
        assert "共 12 次" in html and "第 1 / 2 页" in html and "第12次" in html and "第1次<" not in html
        older = client.get(f"/visits/record/{team.homes1[0].code}/?page=2").content.decode()
        assert "第1次<" in older and "第12次" not in older
