"""Role assignments: who may appoint whom, where, and what is recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.accounts.models import RoleAssignment, RoleAssignmentEvent, User
from linli.accounts.services import assignment_grant, assignment_revoke, can_appoint
from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.places.tests.factories import UserFactory, user_with_role


@pytest.fixture
def secretary(world):
    return user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)


@pytest.mark.parametrize(
    ("manager_role", "target_role", "expected"),
    [
        (Role.COMMUNITY_SECRETARY, Role.GRID_WORKER, True),
        (Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, False),
        (Role.COMMUNITY_WORKER, Role.STAIRWELL_LEADER, True),
        (Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY, False),
        (Role.BRANCH_SECRETARY, Role.INFORMANT, True),
        (Role.BRANCH_SECRETARY, Role.GRID_LEADER, False),
        (Role.RESIDENT, Role.VOLUNTEER, False),
    ],
)
def test_a_role_appoints_only_the_roles_it_may(world, manager_role, target_role, expected):
    manager = user_with_role(manager_role, place=world.compound_a1)
    assert (
        can_appoint(manager, role=target_role, place=world.households[world.compound_a1.code][0]) is expected
    )


def test_secretary_appoints_inside_own_community_and_an_event_is_written(world, secretary):
    worker = UserFactory()
    assignment = assignment_grant(actor=secretary, user=worker, role=Role.GRID_WORKER, grid=world.grid_a1)
    assert assignment.is_active
    assert list(assignment.events.values_list("kind", "actor")) == [("granted", secretary.id)]
    assert worker.active_assignments()[0].grid_code == world.grid_a1.code


def test_secretary_cannot_appoint_in_another_community_and_nothing_is_written(world, secretary):
    worker = UserFactory()
    with pytest.raises(DomainError, match="无权"):
        assignment_grant(actor=secretary, user=worker, role=Role.GRID_WORKER, grid=world.grid_b1)
    with pytest.raises(DomainError, match="无权"):
        assignment_grant(actor=secretary, user=worker, role=Role.STAIRWELL_LEADER, place=world.compound_b1)
    assert not RoleAssignment.objects.filter(user=worker).exists()
    assert not RoleAssignmentEvent.objects.exists()


def test_only_a_global_admin_grants_a_global_role(world, secretary):
    with pytest.raises(DomainError):
        assignment_grant(actor=secretary, user=UserFactory(), role=Role.SYSTEM_ADMIN)
    admin = user_with_role(Role.SYSTEM_ADMIN)
    assert assignment_grant(actor=admin, user=UserFactory(), role=Role.SYSTEM_ADMIN).scope_label == "全平台"


def test_the_same_role_at_the_same_node_twice_is_a_conflict(world, secretary):
    worker = UserFactory()
    assignment_grant(actor=secretary, user=worker, role=Role.GRID_WORKER, grid=world.grid_a1)
    with pytest.raises(Conflict):
        assignment_grant(actor=secretary, user=worker, role=Role.GRID_WORKER, grid=world.grid_a1)


def test_a_period_that_ends_before_it_starts_is_refused(world, secretary):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="截止日期"):
        assignment_grant(
            actor=secretary,
            user=UserFactory(),
            role=Role.GRID_WORKER,
            grid=world.grid_a1,
            valid_from=today,
            valid_to=today - timedelta(days=1),
        )


def test_an_assignment_not_yet_started_or_expired_grants_nothing(world, secretary):
    worker = UserFactory()
    today = timezone.localdate()
    assignment_grant(
        actor=secretary,
        user=worker,
        role=Role.GRID_WORKER,
        grid=world.grid_a1,
        valid_from=today + timedelta(days=3),
    )
    RoleAssignment.objects.create(
        user=worker,
        role=Role.GRID_LEADER,
        grid=world.grid_a2,
        valid_from=today - timedelta(days=30),
        valid_to=today - timedelta(days=1),
    )
    assert User.objects.get(pk=worker.pk).active_assignments() == []


def test_revoking_ends_the_assignment_at_once_and_twice_is_a_conflict(world, secretary):
    worker = UserFactory()
    assignment = assignment_grant(actor=secretary, user=worker, role=Role.GRID_WORKER, grid=world.grid_a1)
    assignment_revoke(actor=secretary, assignment=assignment, note="调岗")
    assert not assignment.is_active
    assert User.objects.get(pk=worker.pk).active_assignments() == []
    assert list(assignment.events.values_list("kind", flat=True)) == ["granted", "revoked"]
    with pytest.raises(Conflict):
        assignment_revoke(actor=secretary, assignment=assignment)


def test_grant_page_creates_an_account_for_a_new_mobile_number(client, world, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("roles:grant"),
        {
            "phone": "13912340000",
            "name": "新网格员",
            "role": Role.GRID_WORKER,
            "scope_kind": "grid",
            "scope_code": world.grid_a1.code,
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "已任命 新网格员 为网格员" in text
    assert "初始密码" in text
    assert RoleAssignment.objects.filter(user__phone="13912340000", grid=world.grid_a1).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "12345"}, "请输入11位中国大陆手机号码"),
        ({"phone": "13912340001"}, "该手机号码尚未注册，请填写姓名"),
        ({"phone": "13912340001", "name": "某人", "scope_code": "999999"}, "找不到该地点编码"),
    ],
)
def test_grant_page_explains_bad_input_in_chinese_and_writes_nothing(client, world, secretary, data, message):
    client.force_login(secretary)
    payload = {"role": Role.GRID_WORKER, "scope_kind": "place", "scope_code": world.compound_a1.code, **data}
    response = client.post(reverse("roles:grant"), payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(phone=data["phone"]).exists()


def test_a_refused_grant_leaves_no_account_behind(client, world, secretary):
    """Regression: the account for a new mobile number was created before the grant was refused."""
    client.force_login(secretary)
    response = client.post(
        reverse("roles:grant"),
        {
            "phone": "13912340002",
            "name": "某人",
            "role": Role.GRID_WORKER,
            "scope_kind": "grid",
            "scope_code": world.grid_a1.code,
            "valid_from": "2026-05-01",
            "valid_to": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert not User.objects.filter(phone="13912340002").exists()
    assert not RoleAssignmentEvent.objects.exists()


def test_revoke_from_the_list_page(client, world, secretary):
    worker = UserFactory(name="待免去")
    assignment = assignment_grant(actor=secretary, user=worker, role=Role.GRID_WORKER, grid=world.grid_a1)
    client.force_login(secretary)
    page = client.get(reverse("roles:list")).content.decode()
    assert "待免去" in page and reverse("roles:revoke", args=[assignment.pk]) in page
    response = client.post(reverse("roles:revoke", args=[assignment.pk]), follow=True)
    assert "已免去 待免去 的网格员" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.revoked_by == secretary


def test_a_resident_may_not_open_role_management(client, world):
    resident = user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0])
    client.force_login(resident)
    assert client.get(reverse("roles:list")).status_code == 403
    assert client.get(reverse("roles:grant")).status_code == 403
