"""组织关系转接: out of one organisation into another, accepted by the receiving side, history kept."""

import pytest
from django.core.exceptions import PermissionDenied

from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.party import services
from linli.party.choices import TransferStatus
from linli.party.models import MemberTransfer, PartyEvent
from linli.places.tests.factories import PASSWORD, user_with_role

from .factories import make_branch, member


@pytest.fixture
def two(world):
    a, b = make_branch(world.compound_a1), make_branch(world.compound_b1)
    m = member(world.compound_a1, "李转接")
    m.held_at = a
    m.save()
    return a, b, m


def test_transfer_between_branches_waits_for_the_receiving_branch(client, world, two):
    a, b, m = two
    sender = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    receiver = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1)
    client.login(phone=sender.phone, password=PASSWORD)
    response = client.post(f"/party/members/{m.pk}/transfer/", {"to_org": str(b.pk), "note": "搬家"})
    assert response.status_code == 302
    transfer = MemberTransfer.objects.get()
    assert transfer.status == TransferStatus.PENDING
    m.refresh_from_db()
    assert m.held_at == a  # not moved until accepted
    # the sending side cannot accept on the other's behalf
    client.post(f"/party/transfers/{transfer.pk}/accept/")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING
    client.logout()
    client.login(phone=receiver.phone, password=PASSWORD)
    assert "李转接" in client.get("/party/transfers/").content.decode()
    client.post(f"/party/transfers/{transfer.pk}/accept/")
    transfer.refresh_from_db()
    m.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_by == receiver
    assert m.held_at == b
    assert list(PartyEvent.objects.filter(member=m).values_list("verb", flat=True)) == [
        "transfer_accepted",
        "transfer_requested",
    ]
    with pytest.raises(Conflict):
        services.transfer_accept(actor=receiver, transfer=transfer)


def test_rejection_needs_a_reason_and_keeps_the_membership(world, two):
    a, b, m = two
    sender = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    receiver = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    transfer = services.transfer_request(actor=sender, member=m, to_org=b)
    with pytest.raises(DomainError, match="请填写退回原因"):
        services.transfer_reject(actor=receiver, transfer=transfer, reason="  ")
    services.transfer_reject(actor=receiver, transfer=transfer, reason="本人尚未迁入")
    transfer.refresh_from_db()
    m.refresh_from_db()
    assert (transfer.status, transfer.reason, m.held_at) == (TransferStatus.REJECTED, "本人尚未迁入", a)
    # a new request may follow, and it is a second row of history
    services.transfer_request(actor=sender, member=m, to_org=b)
    assert MemberTransfer.objects.filter(member=m).count() == 2


def test_only_one_transfer_may_be_pending(world, two):
    a, b, m = two
    sender = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    services.transfer_request(actor=sender, member=m, to_org=b)
    with pytest.raises(Conflict, match="已有一项待接收"):
        services.transfer_request(actor=sender, member=m, to_external="区直机关党委")
    assert MemberTransfer.objects.count() == 1


def test_transfer_out_of_the_platform_and_in_from_outside_are_done_at_once(world, two):
    a, b, m = two
    secretary_a = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    out = services.transfer_request(actor=secretary_a, member=m, to_external="长沙市某街道党工委")
    m.refresh_from_db()
    assert out.status == TransferStatus.ACCEPTED
    assert (m.held_at, m.held_elsewhere) == (None, "长沙市某街道党工委")
    back = services.transfer_request(actor=secretary_a, member=m, to_org=a)
    m.refresh_from_db()
    assert back.from_external == "长沙市某街道党工委" and back.status == TransferStatus.ACCEPTED
    assert (m.held_at, m.held_elsewhere) == (a, "")


def test_outsider_can_neither_send_nor_receive(client, world, two):
    a, b, m = two
    outsider = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a2)
    with pytest.raises(PermissionDenied):
        services.transfer_request(actor=outsider, member=m, to_org=b)
    transfer = services.transfer_request(
        actor=user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1), member=m, to_org=b
    )
    client.login(phone=outsider.phone, password=PASSWORD)
    assert client.post(f"/party/transfers/{transfer.pk}/accept/").status_code == 404
    assert client.get(f"/party/members/{m.pk}/transfer/").status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_transfer_to_the_same_organisation_is_refused(world, two):
    a, b, m = two
    with pytest.raises(DomainError, match="无需转接"):
        services.transfer_request(
            actor=user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1), member=m, to_org=a
        )


def test_branch_member_sees_the_member_but_may_not_start_a_transfer(client, world, two):
    a, b, m = two
    user = user_with_role(Role.BRANCH_MEMBER, place=world.compound_a1)
    client.login(phone=user.phone, password=PASSWORD)
    page = client.get(f"/party/members/{m.pk}/")
    assert page.status_code == 200 and "办理组织关系转接" not in page.content.decode()
    assert client.get(f"/party/members/{m.pk}/transfer/").status_code == 403
    assert client.post(f"/party/members/{m.pk}/transfer/", {"to_org": str(b.pk)}).status_code == 403
    assert not MemberTransfer.objects.exists()
