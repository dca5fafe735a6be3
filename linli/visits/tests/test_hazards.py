"""安全隐患: reported with photos and a deadline, rectified step by step, closed only with evidence, or
turned into a work order."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from linli.appeals.choices import Channel, Status
from linli.appeals.models import Category
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core.exceptions import Conflict, DomainError
from linli.core.frozen_time import frozen_at
from linli.notifications.models import Notification
from linli.visits.choices import HazardCategory, HazardStatus
from linli.visits.models import Hazard, HazardStep
from linli.visits.selectors import hazard_visible_to, hazards_overdue
from linli.visits.services import hazard_add_step, hazard_close, hazard_report, hazard_to_appeal

from .factories import Team, at, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def team(world):
    return Team(world)


@pytest.fixture
def hazard(team):
    with frozen_at(at(2026, 5, 12, 9)):
        return hazard_report(
            actor=team.leader,
            place=team.unit1,
            category=HazardCategory.EBIKE_CHARGING,
            description="一楼楼梯间停放电动车并拉线充电",
            photos=[photo()],
        )


def test_report_takes_the_category_default_deadline_and_the_grid(team, hazard):
    assert hazard.status == HazardStatus.OPEN
    assert hazard.deadline == date(2026, 5, 13)  # 电动车违规充电: 1 day
    assert (hazard.place_code, hazard.grid_code) == (team.unit1.code, team.world.micro_a1.code)
    assert hazard.photos.get().kind == "found"
    assert [s.kind for s in hazard.steps.all()] == ["reported"]
    # The grid team hears of it.
    heard = set(
        Notification.objects.filter(kind="visits.hazard_reported").values_list("recipient", flat=True)
    )
    assert heard == {team.micro.pk, team.grid_worker.pk, team.grid_leader.pk}


def test_a_deadline_may_be_entered_but_not_in_the_past(team):
    with frozen_at(at(2026, 5, 12, 9)):
        with pytest.raises(DomainError, match="整改期限不能早于今天"):
            hazard_report(
                actor=team.leader,
                place=team.unit1,
                category="facility",
                description="单元门闭门器坏了",
                deadline=date(2026, 5, 11),
            )
        h = hazard_report(
            actor=team.leader,
            place=team.unit1,
            category="facility",
            description="单元门闭门器坏了",
            deadline=date(2026, 5, 30),
        )
    assert h.deadline == date(2026, 5, 30)


def test_a_compound_wide_hazard_belongs_to_the_general_grid_when_one_covers_it(team):
    from linli.places.models import GridNode, Place

    h = hazard_report(
        actor=team.branch,
        place=team.world.compound_a1,
        category="fire_lane",
        description="东门消防通道被私家车堵住",
    )
    assert h.grid_code == team.world.micro_a1.code  # all its households are in 春晖1-1
    w = team.world
    micro2 = GridNode.objects.create(
        code=w.grid_a1.code + "002", name="春晖1-2微网格", level=3, community=w.community_a, parent=w.grid_a1
    )
    Place.objects.filter(pk__in=[p.pk for p in team.homes2]).update(grid=micro2)
    h = hazard_report(
        actor=team.branch,
        place=team.world.compound_a1,
        category="fire_lane",
        description="东门消防通道被私家车堵住",
    )
    assert h.grid_code == team.world.grid_a1.code
    h = hazard_report(
        actor=team.desk, place=team.world.compound_a2, category="other", description="小区围墙有裂缝"
    )
    assert h.grid_code == team.world.micro_a2.code  # its gridded households are all in 春晖2-1


def test_steps_move_it_to_rectifying_and_are_logged(team, hazard):
    hazard_add_step(actor=team.property, hazard=hazard, note="已通知车主挪车，剪断飞线", photos=[photo()])
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    hazard_add_step(actor=team.micro, hazard=hazard, note="复查仍有一辆车未挪")
    steps = list(hazard.steps.values_list("kind", "from_status", "to_status"))
    assert steps == [
        ("reported", "", "open"),
        ("step", "open", "rectifying"),
        ("step", "rectifying", "rectifying"),
    ]


def test_closing_needs_evidence(team, hazard):
    with pytest.raises(DomainError, match="销号须写明整改结果作为佐证"):
        hazard_close(actor=team.micro, hazard=hazard, evidence="", photos=[photo()])
    with pytest.raises(DomainError, match="销号须上传整改后的照片作为佐证"):
        hazard_close(actor=team.micro, hazard=hazard, evidence="电动车已全部挪走", photos=[])
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.OPEN
    assert hazard.steps.count() == 1
    hazard_close(
        actor=team.micro, hazard=hazard, evidence="电动车已全部挪走，飞线拆除", photos=[photo("after.png")]
    )
    hazard.refresh_from_db()
    assert (hazard.status, hazard.closed_by, hazard.evidence) == (
        HazardStatus.CLOSED,
        team.micro,
        "电动车已全部挪走，飞线拆除",
    )
    assert hazard.photos.filter(kind="evidence").count() == 1


def test_a_closed_hazard_refuses_further_steps_in_chinese(team, hazard):
    hazard_close(actor=team.micro, hazard=hazard, evidence="已整改完毕", photos=[photo()])
    hazard.refresh_from_db()
    with pytest.raises(Conflict, match="隐患已销号，不能再添加整改记录"):
        hazard_add_step(actor=team.micro, hazard=hazard, note="再看一眼")
    with pytest.raises(Conflict, match="隐患已销号，不能重复销号"):
        hazard_close(actor=team.micro, hazard=hazard, evidence="已整改完毕", photos=[photo()])
    with pytest.raises(Conflict, match="隐患已销号，无需转为工单"):
        hazard_to_appeal(actor=team.micro, hazard=hazard)
    assert hazard.steps.count() == 2


def test_a_stale_copy_loses_to_the_first_action(team, hazard):
    stale = Hazard.objects.get(pk=hazard.pk)
    hazard_add_step(actor=team.micro, hazard=hazard, note="已联系物业")
    with pytest.raises(Conflict, match="刚刚已被他人处理"):
        hazard_close(actor=team.micro, hazard=stale, evidence="已整改完毕", photos=[photo()])
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.RECTIFYING


def test_who_may_do_what(team, hazard):
    with pytest.raises(PermissionDenied):
        hazard_close(actor=team.property, hazard=hazard, evidence="已整改完毕", photos=[photo()])
    with pytest.raises(PermissionDenied):
        hazard_add_step(actor=team.leader, hazard=hazard, note="我去看了")
    with pytest.raises(PermissionDenied):
        hazard_add_step(actor=team.outsider, hazard=hazard, note="不是我的")
    with pytest.raises(PermissionDenied):
        hazard_report(actor=team.informant, place=team.unit2, category="other", description="二单元的隐患")
    assert HazardStep.objects.count() == 1


def test_turned_into_a_work_order(team, hazard):
    load_default_taxonomy(Category)
    appeal = hazard_to_appeal(actor=team.grid_worker, hazard=hazard)
    hazard.refresh_from_db()
    assert hazard.appeal == appeal
    assert (appeal.channel, appeal.status, appeal.place) == (Channel.PATROL, Status.RECEIVED, team.unit1)
    assert appeal.title == "安全隐患：电动车违规充电"
    assert hazard.steps.last().kind == "to_appeal"
    with pytest.raises(Conflict, match=f"已转为工单（编号 {appeal.number}）"):
        hazard_to_appeal(actor=team.grid_worker, hazard=hazard)


def test_overdue_and_scope(team, hazard):
    assert list(hazards_overdue(user=team.desk, today=date(2026, 5, 13))) == []
    assert list(hazards_overdue(user=team.desk, today=date(2026, 5, 14))) == [hazard]
    assert list(hazard_visible_to(team.informant)) == [hazard]
    assert list(hazard_visible_to(team.informant2)) == []
    assert list(hazard_visible_to(team.outsider)) == []
    assert list(hazard_visible_to(team.resident)) == []
