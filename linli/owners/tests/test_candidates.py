"""业委会 candidate review by the party organisation: approve, reject with a reason, pre-appointment talk."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.owners import candidates
from linli.owners.models import CandidateEvent, CandidateReview, CandidateStatus
from linli.party.tests.factories import make_body
from linli.places.tests.factories import PASSWORD, user_with_role


@pytest.fixture
def committee(world):
    return make_body(world.compound_a1)


def login(client, role, place):
    user = user_with_role(role, place=place)
    client.login(phone=user.phone, password=PASSWORD)
    return user


def test_owners_committee_member_proposes_and_branch_secretary_approves(client, world, committee):
    proposer = login(client, Role.OWNERS_COMMITTEE, world.compound_a1)
    response = client.post(
        "/owners/candidates/new/",
        {"body": str(committee.pk), "name": "陈立群", "is_party_member": "on", "intro": "退休工程师"},
    )
    review = CandidateReview.objects.get()
    assert response.status_code == 302 and review.status == CandidateStatus.PENDING
    assert review.proposed_by == proposer
    # a member of the 业委会 may not review its own candidates
    assert client.post(f"/owners/candidates/{review.pk}/approve/").status_code == 403
    client.logout()
    secretary = login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    assert "陈立群" in client.get("/owners/candidates/").content.decode()
    client.post(f"/owners/candidates/{review.pk}/approve/")
    review.refresh_from_db()
    assert (review.status, review.reviewed_by, review.reviewed_on) == (
        CandidateStatus.APPROVED,
        secretary,
        timezone.localdate(),
    )
    assert list(review.events.values_list("verb", flat=True)) == ["proposed", "approved"]


def test_rejection_needs_a_reason(client, world, committee):
    review = candidates.candidate_propose(
        actor=user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1), body=committee, name="赵大勇"
    )
    login(client, Role.COMMUNITY_SECRETARY, world.community_a)
    response = client.post(f"/owners/candidates/{review.pk}/reject/", {"reason": ""}, follow=True)
    assert "请填写不通过原因" in response.content.decode()
    review.refresh_from_db()
    assert review.status == CandidateStatus.PENDING
    client.post(f"/owners/candidates/{review.pk}/reject/", {"reason": "欠缴物业费逾一年"})
    review.refresh_from_db()
    assert (review.status, review.reason) == (CandidateStatus.REJECTED, "欠缴物业费逾一年")
    page = client.get(f"/owners/candidates/{review.pk}/").content.decode()
    assert "审查不通过（欠缴物业费逾一年）" in page


def test_a_decided_review_cannot_be_decided_again(world, committee):
    review = candidates.candidate_propose(
        actor=user_with_role(Role.BRANCH_MEMBER, place=world.compound_a1), body=committee, name="王德顺"
    )
    secretary = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    stale = CandidateReview.objects.get(pk=review.pk)
    candidates.candidate_approve(actor=secretary, review=review)
    with pytest.raises(Conflict):
        candidates.candidate_reject(actor=secretary, review=stale, reason="重复")
    assert CandidateEvent.objects.filter(review=review).count() == 2


def test_pre_appointment_talk_only_after_approval(client, world, committee):
    review = candidates.candidate_propose(
        actor=user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1), body=committee, name="王德顺"
    )
    secretary = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    today = timezone.localdate()
    with pytest.raises(DomainError, match="审查通过后才能记录任前谈话"):
        candidates.candidate_record_talk(actor=secretary, review=review, on=today, note="谈话")
    candidates.candidate_approve(actor=secretary, review=review)
    with pytest.raises(DomainError, match="不能晚于今天"):
        candidates.candidate_record_talk(
            actor=secretary, review=review, on=today + timedelta(days=1), note="x"
        )
    client.login(phone=secretary.phone, password=PASSWORD)
    client.post(
        f"/owners/candidates/{review.pk}/talk/", {"talk_on": today.isoformat(), "talk_note": "谈履职承诺"}
    )
    review.refresh_from_db()
    assert (review.talk_on, review.talk_note) == (today, "谈履职承诺")


def test_database_refuses_a_rejection_without_reason(world, committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateReview.objects.create(
            body=committee, name="某", status=CandidateStatus.REJECTED, reviewed_on=timezone.localdate()
        )


def test_secretary_of_another_compound_sees_and_changes_nothing(client, world, committee):
    review = candidates.candidate_propose(
        actor=user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1), body=committee, name="陈立群"
    )
    login(client, Role.BRANCH_SECRETARY, world.compound_b1)
    assert client.get(f"/owners/candidates/{review.pk}/").status_code == 404
    assert client.post(f"/owners/candidates/{review.pk}/approve/").status_code == 404
    assert "陈立群" not in client.get("/owners/candidates/").content.decode()
    assert client.get(f"/owners/bodies/{committee.pk}/").status_code == 404
    review.refresh_from_db()
    assert review.status == CandidateStatus.PENDING
    with pytest.raises(DomainError):
        candidates.candidate_propose(
            actor=user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1),
            body=make_body(world.compound_a1, "branch"),
            name="某",
        )


def test_reviewer_workbench_counts_waiting_candidates(world, committee):
    from linli.owners import workbench

    candidates.candidate_propose(
        actor=user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1), body=committee, name="陈立群"
    )
    secretary = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    assert [(i.title, i.count) for i in workbench.items(secretary)] == [("待审查的业委会候选人", 1)]
    assert workbench.items(user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1)) == []
