"""The party and owners JSON API, through HTTP: scope (404), masking, transfers and candidate review."""

import pytest
from django.test import Client

from linli.core.roles import Role
from linli.owners.models import CandidateReview, CandidateStatus
from linli.party.choices import BodyKind, TransferStatus
from linli.party.models import MemberTransfer
from linli.places.tests.factories import user_with_role

from .factories import make_body, make_branch, member, seat

CSRF = "a" * 32
NOT_FOUND = "未找到该对象，或您无权查看。"


def api(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = CSRF
    client.defaults["HTTP_X_CSRFTOKEN"] = CSRF
    return client


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def setup(world):
    a, b = make_branch(world.compound_a1), make_branch(world.compound_b1)
    m = member(world.compound_a1, "李转接")
    m.held_at = a
    m.save()
    return a, b, m


def test_members_are_listed_in_scope_only(world, setup):
    a, b, m = setup
    inside = api(user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)).get("/api/party/members")
    assert [x["name"] for x in inside.json()] == ["李转接"]
    assert inside.json()[0]["held_at"] == "春晖花园党支部"
    outside = api(user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1))
    assert outside.get("/api/party/members").json() == []
    response = outside.get(f"/api/party/members/{m.pk}")
    assert response.status_code == 404 and response.json()["detail"] == NOT_FOUND
    resident = api(user_with_role(Role.RESIDENT, place=world.compound_a1))
    assert resident.get("/api/party/members").status_code == 403


def test_transfer_through_the_api_and_acceptance_by_the_receiver(world, setup):
    a, b, m = setup
    sender = api(user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1))
    receiver = api(user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1))
    created = post(sender, f"/api/party/members/{m.pk}/transfers", {"to_org_id": b.pk, "note": "搬家"})
    assert created.status_code == 201 and created.json()["status"] == TransferStatus.PENDING
    again = post(sender, f"/api/party/members/{m.pk}/transfers", {"to_external": "某党委"})
    assert again.status_code == 409 and "已有一项待接收" in again.json()["detail"]
    both = post(sender, f"/api/party/members/{m.pk}/transfers", {})
    assert both.status_code == 400 and "二选一" in both.json()["detail"]
    tid = created.json()["id"]
    assert [t["id"] for t in receiver.get("/api/party/transfers?incoming=true").json()] == [tid]
    assert post(sender, f"/api/party/transfers/{tid}/accept").status_code == 403
    assert post(receiver, f"/api/party/transfers/{tid}/reject", {"reason": " "}).status_code == 400
    accepted = post(receiver, f"/api/party/transfers/{tid}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == TransferStatus.ACCEPTED
    m.refresh_from_db()
    assert m.held_at == b


def test_api_write_without_csrf_token_is_refused(world, setup):
    a, b, m = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1))
    response = post(client, f"/api/party/members/{m.pk}/transfers", {"to_org_id": b.pk})
    assert response.status_code == 403
    assert not MemberTransfer.objects.exists()


def test_body_seats_come_with_masked_mobiles(world, setup):
    body = make_body(world.compound_a1, BodyKind.BRANCH, party_org=setup[0])
    seat(body, "吴红梅", role="书记", phone="13812345678")
    seat(body, "办公室", role="联络", phone="0730-8123456", office=True)
    data = api(user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)).get(
        f"/api/party/bodies/{body.pk}"
    )
    assert [s["phone"] for s in data.json()["seats"]] == ["138****5678", "0730-8123456"]
    outsider = api(user_with_role(Role.COMMUNITY_WORKER, place=world.community_b))
    assert outsider.get(f"/api/party/bodies/{body.pk}").status_code == 404


def test_candidate_review_through_the_api(world):
    committee = make_body(world.compound_a1)
    proposer = api(user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1))
    created = post(proposer, "/api/owners/candidates", {"body_id": committee.pk, "name": "陈立群"})
    assert created.status_code == 201
    rid = created.json()["id"]
    assert post(proposer, f"/api/owners/candidates/{rid}/approve").status_code == 403
    secretary = api(user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1))
    refused = post(secretary, f"/api/owners/candidates/{rid}/reject", {"reason": ""})
    assert refused.status_code == 400 and refused.json()["detail"] == "请填写不通过原因。"
    early = post(secretary, f"/api/owners/candidates/{rid}/talk", {"talk_on": "2026-01-01", "talk_note": "x"})
    assert early.status_code == 400
    assert (
        post(secretary, f"/api/owners/candidates/{rid}/approve").json()["status"] == CandidateStatus.APPROVED
    )
    assert post(secretary, f"/api/owners/candidates/{rid}/approve").status_code == 409
    other = api(user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1))
    assert other.get(f"/api/owners/candidates/{rid}").status_code == 404
    foreign = post(other, "/api/owners/candidates", {"body_id": committee.pk, "name": "某"})
    assert foreign.status_code == 400
    assert CandidateReview.objects.count() == 1
