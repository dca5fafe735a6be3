import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from linli.core.roles import Role
from linli.party import selectors, services
from linli.party.choices import FIVE_KINDS, BodyKind, OrgLevel, Registration
from linli.party.models import PartyOrg
from linli.places.models import Place
from linli.places.tests.factories import PASSWORD, user_with_role

from .factories import make_body, make_branch, member, seat


@pytest.fixture
def branch_b(world):
    return make_branch(world.compound_b1)


def test_dual_registration_request_then_confirm(world, branch_b):
    m = member(world.compound_b1)
    services.registration_request(member=m, branch=branch_b)
    assert m.registration == Registration.REQUESTED
    secretary = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1)
    services.registration_confirm(member=m, actor=secretary)
    assert m.registration == Registration.CONFIRMED
    with pytest.raises(services.RegistrationError):
        services.registration_confirm(member=m, actor=secretary)


def test_registration_only_with_branch_covering_home(world, branch_b):
    m = member(world.compound_a1)
    with pytest.raises(services.RegistrationError):
        services.registration_request(member=m, branch=branch_b)
    m.refresh_from_db()
    assert m.registration == Registration.NONE


def test_secretary_of_other_community_cannot_confirm(world, branch_b):
    m = member(world.compound_b1)
    services.registration_request(member=m, branch=branch_b)
    outsider = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    with pytest.raises(PermissionDenied):
        services.registration_confirm(member=m, actor=outsider)
    m.refresh_from_db()
    assert m.registration == Registration.REQUESTED


def test_coverage_arithmetic(world, branch_b):
    make_branch(world.compound_a1, covers=[world.compound_a2], name="春晖联合党支部")
    building = Place.objects.get(code=world.compound_b1.code + "001")
    group = PartyOrg.objects.create(name="1栋党小组", level=OrgLevel.GROUP, place=building, parent=branch_b)
    group.covers.set([building])
    m1, _ = member(world.compound_b1, "甲"), member(world.compound_b1, "乙")
    services.registration_request(member=m1, branch=branch_b)
    services.registration_confirm(
        member=m1, actor=user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1)
    )
    street = selectors.coverage(code=world.street.code)
    assert (street.compounds_with_branch, street.compounds) == (3, 3)
    assert (street.buildings_with_group, street.buildings) == (1, 3)
    assert street.registration_rate == 0.5
    community_a = selectors.coverage(code=world.community_a.code)
    assert community_a.group_rate == 0
    assert community_a.registration_rate is None


def test_compound_checks_five_kinds_and_party_share(world, branch_b):
    body = make_body(world.compound_b1, BodyKind.BRANCH, party_org=branch_b)
    for i, kind in enumerate(FIVE_KINDS[:-1]):
        seat(body, f"委员{i}", seat_kind=kind, party=True)
    owners = make_body(world.compound_b1)
    seat(owners, "委员0", party=True)
    seat(owners, "王五")
    result = selectors.compound_checks(compound=world.compound_b1)
    assert result.managed
    assert result.composition.reasons == ("缺少社区党员工作者/党员网格员",)
    assert result.owners_share.ok  # exactly 50%
    assert result.cross_share == pytest.approx(2 / 6)
    with override_settings(LINLI_OWNERS_PARTY_SHARE="0.6"):
        assert not selectors.compound_checks(compound=world.compound_b1).owners_share.ok


def test_find_organisation_is_public_and_masks(client, world, branch_b):
    body = make_body(world.compound_b1, BodyKind.BRANCH, party_org=branch_b)
    seat(body, "张晓明", role="书记", phone="13812345678")
    owners = make_body(world.compound_b1)
    seat(owners, "李四", role="主任", phone="0731-8888888", office=True)
    user_with_role(Role.GRID_WORKER, grid=world.micro_b1, name="赵网格", phone="13900001111")
    response = client.get(f"/party/find/{world.compound_b1.code}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "张*明" in text and "张晓明" not in text
    assert "138****5678" in text and "13812345678" not in text
    assert "0731-8888888" in text
    assert "赵*格" in text and "13900001111" not in text
    assert client.get("/party/find/999999/").status_code == 404


def test_community_secretary_of_b_sees_nothing_of_a(client, world):
    branch_a = make_branch(world.compound_a1)
    secretary_b = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    client.login(phone=secretary_b.phone, password=PASSWORD)
    assert client.get(f"/party/org/{branch_a.pk}/").status_code == 404
    page = client.get("/party/")
    assert page.status_code == 200
    assert "春晖花园党支部" not in page.content.decode()
    secretary_a = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    client.login(phone=secretary_a.phone, password=PASSWORD)
    assert client.get(f"/party/org/{branch_a.pk}/").status_code == 200


def test_resident_may_not_open_party_pages(client, world):
    resident = user_with_role(Role.RESIDENT, place=world.compound_a1)
    client.login(phone=resident.phone, password=PASSWORD)
    assert client.get("/party/").status_code == 403
