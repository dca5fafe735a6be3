"""Role × scope matrix for the party and owners pages: each role sees (200) exactly the pages its rules
grant within its place, and everything of another 小区 answers 404 like a missing object."""

import pytest
from django.urls import reverse

from linli.core.roles import Role
from linli.owners.candidates import candidate_propose
from linli.party.choices import BodyKind
from linli.party.models import Agreement, CoBuildingUnit, PartyMember
from linli.places.tests.factories import PASSWORD, user_with_role

from .factories import make_body, make_branch, member

PAGES = {
    "org": "/party/org/{org}/",
    "member": "/party/members/{member}/",
    "member_edit": "/party/members/{member}/edit/",
    "body": "/party/body/{body}/",
    "body_edit": "/party/body/{body}/edit/",
    "owners_body": "/owners/bodies/{body}/",
    "agreement": "/party/agreements/{agreement}/",
    "candidate": "/owners/candidates/{candidate}/",
}
ALL = frozenset(PAGES)
VIEWERS = frozenset({"org", "member", "body", "owners_body", "agreement", "candidate"})

# (role, where the role is held, pages of 春晖花园 (compound A) it may open)
MATRIX = [
    (Role.BRANCH_SECRETARY, "compound_a1", ALL),
    (Role.BRANCH_MEMBER, "compound_a1", VIEWERS),
    (Role.OWNERS_COMMITTEE, "compound_a1", frozenset({"owners_body", "candidate"})),
    (Role.COMMUNITY_WORKER, "community_a", ALL),
    (Role.COMMUNITY_SECRETARY, "community_a", ALL),
    (Role.STREET_OFFICIAL, "street", ALL),
    (Role.BRANCH_SECRETARY, "compound_a2", frozenset()),  # same community, other 小区
    (Role.BRANCH_SECRETARY, "compound_b1", frozenset()),
    (Role.OWNERS_COMMITTEE, "compound_b1", frozenset()),
    (Role.COMMUNITY_SECRETARY, "community_b", frozenset()),
    (Role.RESIDENT, "compound_a1", frozenset()),
]


@pytest.fixture
def compound_a(world):
    branch = make_branch(world.compound_a1)
    m = member(world.compound_a1, "甲党员")
    body = make_body(world.compound_a1, BodyKind.OWNERS_COMMITTEE)
    unit = CoBuildingUnit.objects.create(name="市第一中学", kind="school")
    agreement = Agreement.objects.create(
        unit=unit, branch=branch, compound=world.compound_a1, signed_on="2026-01-01"
    )
    proposer = user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1)
    candidate = candidate_propose(actor=proposer, body=body, name="候选人甲")
    return {
        "org": branch.pk,
        "member": m.pk,
        "body": body.pk,
        "agreement": agreement.pk,
        "candidate": candidate.pk,
    }


@pytest.mark.parametrize(("role", "where", "allowed"), MATRIX, ids=[f"{r}@{w}" for r, w, _ in MATRIX])
def test_role_scope_matrix(client, world, compound_a, role, where, allowed):
    user = user_with_role(role, place=getattr(world, where))
    client.login(phone=user.phone, password=PASSWORD)
    got = {key: client.get(url.format(**compound_a)).status_code for key, url in PAGES.items()}
    assert got == {key: 200 if key in allowed else 404 for key in PAGES}


@pytest.mark.parametrize(
    ("role", "where"),
    [(Role.BRANCH_SECRETARY, "compound_b1"), (Role.COMMUNITY_SECRETARY, "community_b")],
)
def test_outsider_changes_nothing_of_another_compound(client, world, compound_a, role, where):
    user = user_with_role(role, place=getattr(world, where))
    client.login(phone=user.phone, password=PASSWORD)
    url = f"/party/members/{compound_a['member']}/edit/"
    assert client.post(url, {"name": "改名", "status": "retired"}).status_code == 404
    assert PartyMember.objects.get(pk=compound_a["member"]).name == "甲党员"
    assert (
        client.post(f"/party/body/{compound_a['body']}/seats/", {"name": "某", "role": "委员"}).status_code
        == 404
    )
    assert client.post(f"/owners/candidates/{compound_a['candidate']}/approve/").status_code == 404
    for page in ("/party/members/", "/party/", "/owners/", "/owners/candidates/"):
        text = client.get(page).content.decode()
        assert "甲党员" not in text and "候选人甲" not in text and "市第一中学" not in text


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [
        (Role.RESIDENT, "compound_a1", 403),
        (Role.OWNERS_COMMITTEE, "compound_a1", 403),
        (Role.BRANCH_MEMBER, "compound_a1", 200),
        (Role.BRANCH_SECRETARY, "compound_a1", 200),
    ],
)
def test_party_member_list_by_role(client, world, role, where, status):
    user = user_with_role(role, place=getattr(world, where))
    client.login(phone=user.phone, password=PASSWORD)
    assert client.get(reverse("party:members")).status_code == status


def test_admin_lists_party_and_owners_records(client, world, compound_a):
    admin = user_with_role(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client.login(phone=admin.phone, password=PASSWORD)
    for path in (
        "party/partyorg",
        "party/partymember",
        "party/body",
        "party/agreement",
        "party/membertransfer",
        "party/partyevent",
        "owners/candidatereview",
        "owners/reelectionreminder",
    ):
        assert client.get(f"/admin/{path}/").status_code == 200, path
    body = client.get(f"/admin/owners/candidatereview/{compound_a['candidate']}/change/")
    assert body.status_code == 200 and "候选人甲" in body.content.decode()


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_queries_with_rows(client, world):
    from linli.party import services

    branch, other = make_branch(world.compound_a1), make_branch(world.compound_a2)
    body = make_body(world.compound_a1)
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    client.login(phone=secretary.phone, password=PASSWORD)

    def add(start, n):
        for i in range(start, start + n):
            m = member(world.compound_a1, f"党员{i}")
            m.held_at = other
            m.save()
            services.transfer_request(actor=secretary, member=m, to_org=branch)
            candidate_propose(actor=secretary, body=body, name=f"候选人{i}")

    add(0, 1)
    for url in ("/party/members/", "/party/transfers/", "/owners/candidates/"):
        client.get(url)  # warm the per-process caches (content types, session) before counting
    few = [_queries(client, u) for u in ("/party/members/", "/party/transfers/", "/owners/candidates/")]
    add(1, 6)
    many = [_queries(client, u) for u in ("/party/members/", "/party/transfers/", "/owners/candidates/")]
    assert many == few
