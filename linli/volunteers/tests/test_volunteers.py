"""Volunteers: registration (a courier becomes a part-time grid member), activities never over capacity,
check-in and check-out by the 6-digit code or a leader's confirmation, hours paid in points; the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from linli.accounts.models import RoleAssignment
from linli.core.exceptions import Conflict, DomainError
from linli.core.frozen_time import frozen_at
from linli.core.roles import Role
from linli.places.tests.factories import UserFactory, user_with_role
from linli.points.models import Account, Entry
from linli.volunteers import selectors, services
from linli.volunteers.choices import TeamKind, VolunteerKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world):
    return user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)


def _volunteer(desk, place, **kw):
    return services.volunteer_register(actor=desk, user=UserFactory(), place=place, **kw)


def _activity(desk, place, *, start_in=timedelta(hours=1), hours=2, capacity=3, **kw):
    start = timezone.now() + start_in
    return services.activity_publish(
        actor=desk,
        place=place,
        title="环境大扫除",
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        capacity=capacity,
        **kw,
    )


def test_a_courier_registered_as_part_time_grid_member_gets_the_micro_grid_tools(world, desk):
    courier = services.volunteer_register(
        actor=desk,
        user=UserFactory(name="韩快递"),
        place=world.community_a,
        kind=VolunteerKind.PART_TIME_GRID,
        occupation="快递员",
        grid=world.micro_a1,
    )
    roles = set(RoleAssignment.objects.filter(user=courier.user).values_list("role", "grid__code"))
    assert (Role.MICRO_GRID_WORKER, world.micro_a1.code) in roles
    assert Account.objects.filter(volunteer=courier, balance=0).exists()
    with pytest.raises(DomainError, match="微网格"):
        services.volunteer_register(
            actor=desk, user=UserFactory(), place=world.community_a, kind=VolunteerKind.PART_TIME_GRID
        )


def test_staff_of_another_community_cannot_register_volunteers_here(world):
    other = user_with_role(Role.COMMUNITY_WORKER, place=world.community_b)
    with pytest.raises(PermissionDenied):
        services.volunteer_register(actor=other, user=UserFactory(), place=world.compound_a1)


def test_sign_ups_stop_at_capacity_and_a_cancelled_place_can_be_taken_again(world, desk):
    activity = _activity(desk, world.compound_a1, capacity=2)
    a, b, c = (_volunteer(desk, world.compound_a1) for _ in range(3))
    first = services.sign_up(actor=a.user, activity=activity)
    services.sign_up(actor=b.user, activity=activity)
    with pytest.raises(Conflict, match="名额已满"):
        services.sign_up(actor=c.user, activity=activity)
    with pytest.raises(Conflict, match="已报名"):
        services.sign_up(actor=a.user, activity=activity)
    services.sign_up_cancel(actor=a.user, signup=first)
    services.sign_up(actor=c.user, activity=activity)
    activity.refresh_from_db()
    assert activity.signed_count == 2


def test_a_community_activity_is_open_to_volunteers_of_its_compounds(world, desk):
    activity = _activity(desk, world.community_a)
    v = _volunteer(desk, world.compound_a1)
    assert services.sign_up(actor=v.user, activity=activity).volunteer == v
    outsider = services.volunteer_register(
        actor=user_with_role(Role.COMMUNITY_WORKER, place=world.community_b),
        user=UserFactory(),
        place=world.compound_b1,
    )
    with pytest.raises(PermissionDenied):
        services.sign_up(actor=outsider.user, activity=activity)


def test_checking_in_and_out_with_the_code_pays_whole_hours_within_the_activity(world, desk):
    activity = _activity(desk, world.compound_a1, hours=3)
    v = _volunteer(desk, world.compound_a1)
    services.sign_up(actor=v.user, activity=activity)
    with frozen_at(activity.starts_at - timedelta(hours=2)), pytest.raises(DomainError, match="30分钟"):
        services.check_in(actor=v.user, activity=activity, code=activity.code)
    with frozen_at(activity.starts_at - timedelta(minutes=20)):
        with pytest.raises(DomainError, match="签到码不正确"):
            services.check_in(
                actor=v.user, activity=activity, code="000000" if activity.code != "000000" else "1"
            )
        services.check_in(actor=v.user, activity=activity, code=activity.code)
    with frozen_at(activity.starts_at + timedelta(hours=2, minutes=40)):
        signup = services.check_out(actor=v.user, activity=activity, code=activity.code)
    assert signup.minutes == 160  # early arrival does not count
    entry = Entry.objects.get(signup=signup)
    assert entry.amount == 2 and entry.balance_after == 2  # 2 h 40 min → 2 points (whole hours)
    with frozen_at(activity.starts_at + timedelta(hours=3)), pytest.raises(Conflict, match="已签退"):
        services.check_out(actor=v.user, activity=activity, code=activity.code)
    assert Account.objects.get(volunteer=v).minutes == 160


def test_a_leader_confirms_attendance_when_the_code_was_not_used(world, desk):
    leader = _volunteer(desk, world.compound_a1)
    team = services.team_create(
        actor=desk, place=world.compound_a1, name="巡逻队", kind=TeamKind.PATROL, leader=leader
    )
    activity = _activity(desk, world.compound_a1, team=team, hours=2)
    v = _volunteer(desk, world.compound_a1)
    signup = services.sign_up(actor=v.user, activity=activity)
    stranger = _volunteer(desk, world.compound_a1)
    with frozen_at(activity.ends_at + timedelta(minutes=5)):
        assert selectors.may_confirm(leader.user, activity)
        with pytest.raises(PermissionDenied):
            services.attendance_confirm(actor=stranger.user, signup=signup)
        with pytest.raises(DomainError, match="1到120分钟"):
            services.attendance_confirm(actor=leader.user, signup=signup, minutes=500)
        confirmed = services.attendance_confirm(actor=leader.user, signup=signup)
    assert (confirmed.minutes, confirmed.confirmed_by) == (120, leader.user)
    assert Entry.objects.get(signup=signup).amount == 2


def test_a_resident_signs_up_and_checks_in_on_the_activity_page(client, world, desk):
    activity = _activity(desk, world.compound_a1, start_in=timedelta(minutes=10))
    v = _volunteer(desk, world.compound_a1)
    client.force_login(v.user)
    page = client.get(reverse("volunteers:activities"))
    assert page.status_code == 200 and "环境大扫除" in page.content.decode()
    url = reverse("volunteers:activity_act", args=[activity.pk, "sign-up"])
    assert client.post(url, follow=True).content.decode().count("报名成功") == 1
    page = client.post(
        reverse("volunteers:activity_act", args=[activity.pk, "check-in"]), {"code": "12"}, follow=True
    )
    assert "签到码不正确" in page.content.decode()
    page = client.post(
        reverse("volunteers:activity_act", args=[activity.pk, "check-in"]),
        {"code": activity.code},
        follow=True,
    )
    assert "签到成功" in page.content.decode()
    assert (
        activity.code not in client.get(reverse("volunteers:activity", args=[activity.pk])).content.decode()
    )


def test_staff_publish_an_activity_and_see_its_code(client, world, desk):
    client.force_login(desk)
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    data = {
        "title": "防诈骗宣讲",
        "place": world.compound_a1.code,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "20",
    }
    page = client.post(reverse("volunteers:activity_new"), data)
    assert page.status_code == 200 and "结束时间须晚于开始时间" in page.content.decode()
    data["ends_at"] = (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(reverse("volunteers:activity_new"), data, follow=True)
    text = page.content.decode()
    assert "已发布活动" in text and "签到码" in text


def test_activities_of_another_community_are_not_found(client, world, desk):
    activity = _activity(desk, world.compound_a1)
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, place=world.community_b))
    assert client.get(reverse("volunteers:activity", args=[activity.pk])).status_code == 404
    assert client.post(reverse("volunteers:activity_act", args=[activity.pk, "cancel"])).status_code == 404


def test_the_hours_board_masks_names(client, world, desk):
    activity = _activity(desk, world.compound_a1, start_in=timedelta(hours=-3))
    with frozen_at(activity.starts_at - timedelta(days=1)):
        v = services.volunteer_register(
            actor=desk, user=UserFactory(name="欧阳娜娜"), place=world.compound_a1
        )
        signup = services.sign_up(actor=v.user, activity=activity)
    services.attendance_confirm(actor=desk, signup=signup)
    client.force_login(desk)
    text = client.get(reverse("volunteers:board")).content.decode()
    assert "欧阳**" in text and "欧阳娜娜" not in text and "2.0" in text


def test_the_roster_registers_a_volunteer_by_phone_with_chinese_errors(client, world, desk):
    client.force_login(desk)
    url = reverse("volunteers:roster")
    page = client.post(
        url, {"reg-phone": "13912345678", "reg-place": world.compound_a1.code, "reg-kind": "resident"}
    )
    assert "还没有平台账号" in page.content.decode()
    UserFactory(phone="13912345678", name="新志愿者")
    page = client.post(
        url,
        {"reg-phone": "13912345678", "reg-place": world.compound_a1.code, "reg-kind": "resident"},
        follow=True,
    )
    assert "已登记志愿者 新志愿者" in page.content.decode()
