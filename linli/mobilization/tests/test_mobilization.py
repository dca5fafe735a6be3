"""Emergency mobilization: fan-out to every household with vulnerable ones first, confirmation by the
people who cover them, escalation near the limit, the board and the closing summary."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from linli.appeals.models import Appeal
from linli.core.exceptions import Conflict, DomainError
from linli.core.frozen_time import frozen_at
from linli.core.roles import Role
from linli.mobilization import selectors, services
from linli.mobilization.choices import EmergencyKind, TaskStatus
from linli.mobilization.models import HouseholdTask
from linli.notifications.models import Notification
from linli.people import services as people
from linli.people.models import Person, Tag
from linli.places.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(world):
    unit = world.unit_of(world.compound_a1)
    return {
        "secretary": user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a),
        "leader": user_with_role(Role.STAIRWELL_LEADER, place=unit),
        "micro": user_with_role(Role.MICRO_GRID_WORKER, grid=world.micro_a2),
        "grid_leader": user_with_role(Role.GRID_LEADER, grid=world.grid_a1),
        "other_leader": user_with_role(Role.STAIRWELL_LEADER, place=world.unit_of(world.compound_a2)),
    }


def _declare(world, crew, **kw):
    return services.emergency_declare(
        actor=crew["secretary"], place=world.community_a, title="台风防御", kind=EmergencyKind.WEATHER, **kw
    )


def test_declaring_fans_out_one_task_per_household_vulnerable_first_and_notifies_the_teams(world, crew):
    elder = Person.objects.filter(household=world.households[world.compound_a1.code][2]).first()
    people.tag_add(
        actor=crew["secretary"],
        tag=Tag.objects.get(code="living_alone"),
        person=elder,
        since=timezone.localdate() - timedelta(days=10),
    )
    emergency = _declare(world, crew)
    tasks = HouseholdTask.objects.filter(emergency=emergency)
    assert emergency.households == tasks.count() == 6  # both 小区 of community A, never community B
    assert not tasks.filter(household_code__startswith=world.compound_b1.code).exists()
    assert list(tasks.filter(priority=0).values_list("household", flat=True)) == [elder.household_id]
    first = selectors.my_tasks(user=crew["leader"], emergency=emergency).first()
    assert first.household == elder.household
    notified = set(
        Notification.objects.filter(kind="mobilization.declared").values_list("recipient", flat=True)
    )
    assert {crew["leader"].pk, crew["micro"].pk, crew["other_leader"].pk} <= notified
    with pytest.raises(Conflict, match="进行中"):
        services.emergency_declare(
            actor=crew["secretary"], place=world.compound_a1, title="又一次", kind=EmergencyKind.OTHER
        )


def test_members_confirm_only_their_own_households(world, crew):
    emergency = _declare(world, crew)
    mine = list(selectors.my_tasks(user=crew["leader"], emergency=emergency))
    assert {t.household_code[:20] for t in mine} == {world.unit_of(world.compound_a1).code}
    other = HouseholdTask.objects.get(
        emergency=emergency, household=world.households[world.compound_a2.code][0]
    )
    with pytest.raises(PermissionDenied):
        services.task_confirm(actor=crew["leader"], task=other, status=TaskStatus.REACHED)
    services.task_confirm(actor=crew["micro"], task=other, status=TaskStatus.NOT_HOME)
    services.task_confirm(actor=crew["micro"], task=other, status=TaskStatus.REACHED)  # came back later
    with pytest.raises(Conflict, match="已由他人确认"):
        services.task_confirm(actor=crew["secretary"], task=other, status=TaskStatus.NOT_HOME)


def test_a_need_found_becomes_an_appeal_in_one_step(world, crew):
    emergency = _declare(world, crew)
    task = selectors.my_tasks(user=crew["leader"], emergency=emergency).first()
    with pytest.raises(DomainError, match="需要什么帮助"):
        services.task_confirm(actor=crew["leader"], task=task, status=TaskStatus.NEEDS_HELP)
    task = services.task_confirm(
        actor=crew["leader"], task=task, status=TaskStatus.NEEDS_HELP, note="老人需要送降压药", to_appeal=True
    )
    appeal = Appeal.objects.get(pk=task.appeal_id)
    assert appeal.place == task.household and "降压药" in appeal.text


def test_unreached_households_are_escalated_once_to_their_grid_leader_near_the_limit(world, crew):
    emergency = _declare(world, crew, reach_minutes=120)
    done = selectors.my_tasks(user=crew["leader"], emergency=emergency).first()
    services.task_confirm(actor=crew["leader"], task=done, status=TaskStatus.REACHED)
    assert services.escalate_due(now=emergency.declared_at + timedelta(minutes=80)) == 0
    assert services.escalate_due(now=emergency.declared_at + timedelta(minutes=95)) == 5
    assert services.escalate_due(now=emergency.declared_at + timedelta(minutes=100)) == 0
    note = Notification.objects.get(kind="mobilization.escalated", recipient=crew["grid_leader"])
    assert "2 户" in note.title  # the two unreached households of 春晖第一网格; the third is done
    rows = {r.name: r for r in selectors.board(user=crew["secretary"], emergency=emergency)}
    assert rows["春晖1-1微网格"].escalated == 2 and rows["春晖1-1微网格"].reached == 1


def test_closing_computes_the_summary(world, crew):
    with frozen_at(timezone.now() - timedelta(hours=5)):
        emergency = _declare(world, crew, reach_minutes=60)
    tasks = list(HouseholdTask.objects.filter(emergency=emergency).order_by("household_code"))
    for minutes, task, status in [
        (10, tasks[0], TaskStatus.REACHED),
        (30, tasks[1], TaskStatus.REACHED),
        (50, tasks[2], TaskStatus.NOT_HOME),
        (90, tasks[3], TaskStatus.REACHED),
    ]:
        with frozen_at(emergency.declared_at + timedelta(minutes=minutes)):
            services.task_confirm(actor=crew["secretary"], task=task, status=status)
    with frozen_at(emergency.declared_at + timedelta(minutes=20)):
        services.task_confirm(
            actor=crew["secretary"], task=tasks[4], status=TaskStatus.NEEDS_HELP, note="需送药"
        )
    emergency = services.emergency_close(actor=crew["secretary"], emergency=emergency)
    s = emergency.summary
    assert (s["households"], s["reached"], s["not_home"], s["needs_help"], s["pending"]) == (6, 4, 1, 1, 1)
    assert s["coverage"] == 66.7 and s["within_limit"] == 3
    assert s["median_minutes"] == 25.0  # 10, 20, 30, 90
    with pytest.raises(Conflict):
        services.task_confirm(actor=crew["secretary"], task=tasks[5], status=TaskStatus.REACHED)


def test_the_board_and_my_households_pages(client, world, crew):
    client.force_login(crew["secretary"])
    page = client.post(
        reverse("mobilization:index"),
        {
            "title": "",
            "kind": "weather",
            "level": "4",
            "place": world.community_a.code,
            "templates": ["notify_all"],
            "reach_minutes": "180",
        },
    )
    assert "这个字段是必填项" in page.content.decode() or "请填写" in page.content.decode()
    page = client.post(
        reverse("mobilization:index"),
        {
            "title": "暴雨防御",
            "kind": "weather",
            "level": "4",
            "place": world.community_a.code,
            "templates": ["notify_all", "check_vulnerable"],
            "reach_minutes": "180",
        },
        follow=True,
    )
    text = page.content.decode()
    assert "已启动应急响应，6 户" in text and "春晖1-1微网格" in text
    emergency = selectors.emergencies_visible_to(crew["secretary"]).get()
    client.force_login(crew["leader"])
    page = client.get(reverse("mobilization:mine", args=[emergency.pk]))
    assert page.content.decode().count("已联系到") >= 3
    task = selectors.my_tasks(user=crew["leader"], emergency=emergency).first()
    page = client.post(
        reverse("mobilization:confirm", args=[emergency.pk, task.pk]), {"status": "reached"}, follow=True
    )
    assert "已联系到" in page.content.decode()
    other = HouseholdTask.objects.get(
        emergency=emergency, household=world.households[world.compound_a2.code][0]
    )
    assert (
        client.post(
            reverse("mobilization:confirm", args=[emergency.pk, other.pk]), {"status": "reached"}
        ).status_code
        == 404
    )
    outsider = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    client.force_login(outsider)
    assert client.get(reverse("mobilization:board", args=[emergency.pk])).status_code == 404
