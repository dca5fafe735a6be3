"""Data entry through the pages: organisations, members (流动党员), bodies and seats, 共建 agreements."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from linli.core.roles import Role
from linli.party import selectors
from linli.party.choices import BodyKind, Formation, MemberStatus, OrgLevel
from linli.party.models import (
    Agreement,
    Body,
    CoBuildingRecord,
    Membership,
    PartyEvent,
    PartyMember,
    PartyOrg,
)
from linli.places.tests.factories import PASSWORD, user_with_role

from .factories import make_body, make_branch, seat


def login(client, role, place):
    user = user_with_role(role, place=place)
    client.login(phone=user.phone, password=PASSWORD)
    return user


def errors(response) -> str:
    return response.content.decode()


@pytest.fixture
def community(world):
    return make_branch_root(world)


def make_branch_root(world):
    committee = PartyOrg.objects.create(
        name="春晖社区大党委", level=OrgLevel.COMMUNITY, place=world.community_a
    )
    committee.covers.set([world.community_a])
    return committee


def test_community_secretary_founds_a_joint_branch_over_two_compounds(client, world, community):
    secretary = login(client, Role.COMMUNITY_SECRETARY, world.community_a)
    response = client.post(
        "/party/org/new/?level=3",
        {
            "name": "春晖联合党支部",
            "level": "3",
            "org_type": "entity",
            "parent": str(community.pk),
            "covers": [world.compound_a1.code, world.compound_a2.code],
        },
    )
    org = PartyOrg.objects.get(name="春晖联合党支部")
    assert response.status_code == 302
    assert org.formation == Formation.JOINT and org.parent == community
    assert set(org.covers.all()) == {world.compound_a1, world.compound_a2}
    event = PartyEvent.objects.get(org=org)
    assert event.actor == secretary and event.verb == "org_created"
    assert selectors.coverage(code=world.community_a.code).compounds_with_branch == 2


def test_a_compound_cannot_get_a_second_branch_nor_one_outside_scope(client, world, community):
    make_branch(world.compound_a1)
    login(client, Role.COMMUNITY_SECRETARY, world.community_a)
    data = {"name": "重复支部", "level": "3", "org_type": "entity", "parent": str(community.pk)}
    response = client.post("/party/org/new/", {**data, "covers": [world.compound_a1.code]})
    assert response.status_code == 200
    assert "春晖花园已有小区党支部" in errors(response)
    response = client.post("/party/org/new/", {**data, "covers": [world.compound_b1.code]})
    assert "选择一个有效的选项" in errors(response)  # 秋实家园 is not even offered
    assert not PartyOrg.objects.filter(name="重复支部").exists()
    assert not PartyEvent.objects.exists()


def test_branch_secretary_may_not_found_organisations(client, world):
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    assert client.get("/party/org/new/").status_code == 403


def test_secretary_registers_a_floating_member_only_with_where_they_went(client, world):
    make_branch(world.compound_a1)
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    data = {"name": "周流动", "status": MemberStatus.FLOATING, "home": world.compound_a1.code}
    response = client.post("/party/members/new/", data)
    assert "请填写流动去向或来源" in errors(response)
    assert not PartyMember.objects.exists()
    response = client.post("/party/members/new/", {**data, "floating_where": "外出务工至广东省深圳市"})
    member = PartyMember.objects.get()
    assert response.status_code == 302
    assert member.floating_where == "外出务工至广东省深圳市"
    page = client.get(f"/party/members/{member.pk}/").content.decode()
    assert "外出务工至广东省深圳市" in page and "登记党员 周流动（流动）" in page
    # back home: the status changes, the destination is cleared
    client.post(f"/party/members/{member.pk}/edit/", {"name": "周流动", "status": MemberStatus.RETIRED})
    member.refresh_from_db()
    assert (member.status, member.floating_where) == (MemberStatus.RETIRED, "")


def test_branch_committee_seats_are_entered_and_mobiles_masked_on_the_branch_page(client, world):
    branch = make_branch(world.compound_a1)
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    response = client.post("/party/body/new/branch/", {"place": world.compound_a1.code})
    body = Body.objects.get(kind=BodyKind.BRANCH)
    assert response.status_code == 302 and body.party_org == branch
    bad = client.post(
        f"/party/body/{body.pk}/seats/", {"name": "吴红梅", "role": "书记", "phone": "1381234567"}
    )
    assert bad.status_code == 400
    assert "手机号码无效（10位）" in errors(bad)
    assert not Membership.objects.exists()
    client.post(
        f"/party/body/{body.pk}/seats/",
        {"name": "吴红梅", "role": "书记", "phone": "13812345678", "seat_kind": "owner_party_member"},
    )
    client.post(
        f"/party/body/{body.pk}/seats/",
        {"name": "支部办公室", "role": "联络员", "phone": "0730-8123456", "phone_is_office": "on"},
    )
    page = client.get(f"/party/org/{branch.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert "0730-8123456" in page
    assert "138****5678" in client.get(f"/party/body/{body.pk}/").content.decode()


def test_owners_committee_term_is_at_most_five_years_and_one_per_compound(client, world):
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    data = {"place": world.compound_a1.code, "term_start": "2024-01-01", "term_end": "2029-06-01"}
    response = client.post("/party/body/new/owners_committee/", data)
    assert "每届任期不超过 5 年" in errors(response)
    response = client.post("/party/body/new/owners_committee/", {**data, "term_end": "2029-01-01"})
    assert response.status_code == 302
    response = client.post("/party/body/new/owners_committee/", {**data, "term_end": "2028-01-01"})
    assert "已登记业主委员会" in errors(response)
    assert Body.objects.filter(kind=BodyKind.OWNERS_COMMITTEE).count() == 1


def test_reelection_through_the_edit_page_logs_the_new_term(client, world):
    body = make_body(world.compound_a1, term_end=date(2026, 12, 31))
    login(client, Role.COMMUNITY_WORKER, world.community_a)
    response = client.post(
        f"/party/body/{body.pk}/edit/",
        {"name": body.name, "term_start": "2027-01-01", "term_end": "2031-12-31"},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.term_end == date(2031, 12, 31)
    assert PartyEvent.objects.get(body=body).verb == "body_reelected"


def test_ended_seat_leaves_the_current_list_but_stays_in_history(client, world):
    body = make_body(world.compound_a1)
    s = seat(body, "王退任", role="委员", party=True)
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    yesterday = timezone.localdate() - timedelta(days=1)
    client.post(f"/party/seats/{s.pk}/end/", {"on": yesterday.isoformat()})
    s.refresh_from_db()
    assert s.term_end == yesterday
    page = client.get(f"/party/body/{body.pk}/").content.decode()
    assert "历任成员" in page and "王退任" in page
    assert selectors.compound_checks(compound=world.compound_a1).owners_share is None  # no current seats
    client.post(f"/party/seats/{s.pk}/end/", {"on": yesterday.isoformat()})
    assert PartyEvent.objects.filter(verb="seat_ended").count() == 1


def test_cobuilding_agreement_with_commitments_and_records(client, world):
    branch = make_branch(world.compound_a1)
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    response = client.post(
        "/party/agreements/new/",
        {
            "compound": f"{branch.pk}:{world.compound_a1.code}",
            "unit_name": "市第一中学",
            "unit_kind": "school",
            "signed_on": "2026-01-05",
            "commitments": "每季度开展一次义诊。",
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and agreement.commitments == "每季度开展一次义诊。"
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad = client.post(
        f"/party/agreements/{agreement.pk}/", {"kind": "deed", "title": "修路灯", "held_on": future}
    )
    assert bad.status_code == 400 and "日期不能晚于今天" in errors(bad)
    client.post(
        f"/party/agreements/{agreement.pk}/", {"kind": "deed", "title": "修路灯", "held_on": "2026-02-10"}
    )
    assert list(CoBuildingRecord.objects.values_list("title", flat=True)) == ["修路灯"]
    again = client.post(
        "/party/agreements/new/",
        {
            "compound": f"{branch.pk}:{world.compound_a1.code}",
            "unit_name": "市第一中学",
            "unit_kind": "school",
            "signed_on": "2026-01-05",
        },
    )
    assert "已与春晖花园党支部签订共建协议" in errors(again)


def test_branch_member_records_activities_but_cannot_enter_bodies(client, world):
    branch = make_branch(world.compound_a1)
    login(client, Role.BRANCH_MEMBER, world.compound_a1)
    response = client.post(
        f"/party/org/{branch.pk}/activity/",
        {"kind": "three_shows", "title": "亮身份 带头清扫楼道", "held_on": "2026-03-01"},
    )
    assert response.status_code == 302
    assert branch.activities.get().title == "亮身份 带头清扫楼道"
    assert client.get("/party/body/new/owners_committee/").status_code == 403


def test_guidance_bodies_sit_at_their_level_and_in_scope(client, world):
    login(client, Role.STREET_OFFICIAL, world.street)
    response = client.post("/party/body/new/street_guidance/", {"place": world.street.code})
    assert response.status_code == 302
    bad = client.post("/party/body/new/community_guidance/", {"place": world.street.code})
    assert "选择一个有效的选项" in errors(bad)
    body = Body.objects.get(kind=BodyKind.STREET_GUIDANCE)
    client.post(f"/party/body/{body.pk}/seats/", {"name": "张志远", "role": "主任", "duty": "统筹"})
    page = client.get("/owners/guidance/").content.decode()
    assert "东风街道街道物业指导委员会" in page and "主任：张志远" in page
    client.logout()
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    assert "东风街道街道物业指导委员会" not in client.get("/owners/guidance/").content.decode()
    bad = client.post("/party/body/new/street_guidance/", {"place": world.street.code})
    assert Body.objects.filter(kind=BodyKind.STREET_GUIDANCE).count() == 1 and bad.status_code == 200


def test_odd_query_strings_fall_back_instead_of_failing(client, world):
    login(client, Role.COMMUNITY_SECRETARY, world.community_a)
    assert client.get("/party/org/new/?level=abc").status_code == 200
    assert client.get("/party/org/new/?level=9").status_code == 200
    assert client.get("/party/?year=abc").status_code == 200
    assert client.get("/party/body/new/nonsense/").status_code == 404


def test_edit_page_shows_the_stored_dates_in_the_date_fields(client, world):
    body = make_body(world.compound_a1, term_end=date(2028, 1, 1))
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    page = client.get(f"/party/body/{body.pk}/edit/").content.decode()
    assert 'value="2028-01-01"' in page and 'value="2023-01-01"' in page


def test_branch_enters_a_dual_registration_request_and_confirms_it(client, world):
    make_branch(world.compound_a1)
    m = PartyMember.objects.create(name="甲", status=MemberStatus.EMPLOYED, home=world.compound_a1)
    secretary = login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    client.post(f"/party/members/{m.pk}/register/")
    m.refresh_from_db()
    assert m.registration == "requested"
    client.post(f"/party/members/{m.pk}/confirm/")
    m.refresh_from_db()
    assert m.registration == "confirmed"
    events = PartyEvent.objects.filter(member=m)
    assert [(e.verb, e.actor, e.actor_role) for e in events] == [
        ("registration_confirmed", secretary, Role.BRANCH_SECRETARY),
        ("registration_requested", secretary, Role.BRANCH_SECRETARY),
    ]
    lonely = PartyMember.objects.create(name="乙", status=MemberStatus.EMPLOYED, home=world.compound_a2)
    client.logout()
    login(client, Role.COMMUNITY_WORKER, world.community_a)
    response = client.post(f"/party/members/{lonely.pk}/register/", follow=True)
    assert "春晖雅苑尚无党支部" in response.content.decode()
    login(client, Role.BRANCH_MEMBER, world.compound_a1)
    assert client.post(f"/party/members/{m.pk}/register/").status_code == 404


def test_editing_a_branch_to_cover_two_compounds_makes_it_joint_and_outsiders_get_404(
    client, world, community
):
    branch = make_branch(world.compound_a1)
    branch.parent = community
    branch.save()
    login(client, Role.COMMUNITY_SECRETARY, world.community_b)
    assert client.get(f"/party/org/{branch.pk}/edit/").status_code == 404
    data = {
        "name": "春晖联合党支部",
        "org_type": "functional",
        "covers": [world.compound_a1.code, world.compound_a2.code],
    }
    assert client.post(f"/party/org/{branch.pk}/edit/", data).status_code == 404
    login(client, Role.COMMUNITY_SECRETARY, world.community_a)
    assert client.post(f"/party/org/{branch.pk}/edit/", data).status_code == 302
    branch.refresh_from_db()
    assert (branch.name, branch.formation, branch.org_type) == (
        "春晖联合党支部",
        Formation.JOINT,
        "functional",
    )
    assert branch.covers.count() == 2
    assert "覆盖改为春晖花园、春晖雅苑" in PartyEvent.objects.get(verb="org_updated").summary
