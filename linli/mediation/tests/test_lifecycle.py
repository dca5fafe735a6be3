"""The mediation lifecycle: registered, refused with a reason or accepted, sessions recorded, and ended by
a written agreement that takes effect only with every signature and the seal, an oral agreement, or a
failure with the advice given."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection

from linli.core.exceptions import Conflict, DomainError
from linli.core.frozen_time import frozen_at
from linli.mediation import services
from linli.mediation.choices import Advice, AgreementKind, EventKind, Level, Performance, Signer, Status
from linli.mediation.models import CaseEvent, MediationCase, Signature

from .factories import Team, at, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    return Team(world)


@pytest.fixture
def case(team):
    with frozen_at(at(2026, 3, 2, 9)):
        return register(team)


@pytest.fixture
def accepted(team, case):
    with frozen_at(at(2026, 3, 2, 10)):
        return services.case_accept(actor=team.mediator, case=case)


def test_registering_keeps_parties_with_encrypted_phone_and_writes_an_event(case):
    assert case.status == Status.REGISTERED and case.level == Level.COMPOUND
    assert [p.name for p in case.parties.all()] == ["张建明", "李秀兰"]
    assert case.parties.first().phone == "13912345678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM mediation_party WHERE case_id = %s", [case.pk])
        stored = [row[0] for row in cursor.fetchall()]
    assert stored[0].startswith("v1:") and "13912345678" not in stored[0]
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.REGISTERED]


def test_registration_needs_two_parties_and_an_applicant(team):
    with pytest.raises(DomainError, match="至少有两方"):
        services.case_register(
            actor=team.mediator,
            compound=team.world.compound_a1,
            title="噪音",
            dispute_type="neighbour",
            origin="application",
            facts="夜间噪音",
            parties=[{"role": "applicant", "name": "张三"}],
        )
    with pytest.raises(DomainError, match="申请人"):
        services.case_register(
            actor=team.mediator,
            compound=team.world.compound_a1,
            title="噪音",
            dispute_type="neighbour",
            origin="application",
            facts="夜间噪音",
            parties=[{"role": "respondent", "name": "张三"}, {"role": "other", "name": "李四"}],
        )
    assert not MediationCase.objects.exists()


def test_registration_outside_ones_community_is_refused(team):
    with pytest.raises(DomainError, match="不能在该小区"):
        register(team, compound=team.world.compound_b1)
    assert not MediationCase.objects.exists()


def test_refusal_needs_a_reason_and_ends_the_case(team, case):
    with pytest.raises(DomainError, match="不予受理理由"):
        services.case_refuse(actor=team.secretary, case=case, reason="  ")
    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    case = services.case_refuse(actor=team.secretary, case=case, reason="已向人民法院起诉，法院已受理")
    assert case.status == Status.REFUSED and case.refusal_reason.startswith("已向人民法院")
    with pytest.raises(Conflict):
        services.case_accept(actor=team.mediator, case=case)
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.REGISTERED, EventKind.REFUSED]


def test_database_refuses_a_refusal_without_reason(case):
    with pytest.raises(IntegrityError):
        MediationCase.objects.filter(pk=case.pk).update(status=Status.REFUSED)


def test_a_stale_copy_cannot_act_twice(team, case):
    stale = MediationCase.objects.get(pk=case.pk)
    services.case_accept(actor=team.mediator, case=case)
    with pytest.raises(Conflict):
        services.case_refuse(actor=team.secretary, case=stale, reason="重复")
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REFUSED).count() == 0


def test_written_agreement_takes_effect_only_with_every_signature_and_the_seal(team, accepted):
    case = accepted
    with frozen_at(at(2026, 3, 5, 15)):
        services.session_record(
            actor=team.mediator,
            case=case,
            held_at=at(2026, 3, 5, 14),
            location="小区议事厅",
            attendees="张建明、李秀兰、调解员高德明",
            record="双方陈述……同意由 502 承担维修费 1200 元。",
        )
        case = services.agreement_draft(
            actor=team.mediator, case=case, text="一、502 室于 3 月 10 日前支付维修费 1200 元……"
        )
    assert case.status == Status.SIGNING and case.agreement_kind == AgreementKind.WRITTEN
    applicant, respondent = case.parties.all()
    with frozen_at(at(2026, 3, 6, 9)):
        case = services.signature_record(actor=team.mediator, case=case, signer=Signer.PARTY, party=applicant)
        case = services.signature_record(
            actor=team.mediator, case=case, signer=Signer.PARTY, party=respondent
        )
        case = services.signature_record(actor=team.mediator, case=case, signer=Signer.MEDIATOR)
        assert case.status == Status.SIGNING and case.agreement_effective_on is None
        assert services.missing_signatures(case) == ["调委会盖章"]
        with pytest.raises(DomainError, match="已签署"):
            services.signature_record(actor=team.mediator, case=case, signer=Signer.MEDIATOR)
        case = services.signature_record(actor=team.mediator, case=case, signer=Signer.SEAL)
    assert case.status == Status.RESOLVED
    assert str(case.agreement_effective_on) == "2026-03-06"
    assert Signature.objects.filter(case=case).count() == 4
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-1] == EventKind.RESOLVED and kinds.count(EventKind.SIGNED) == 4


def test_a_party_of_another_case_cannot_sign(team, accepted):
    other = register(team, title="车位纠纷")
    case = services.agreement_draft(actor=team.mediator, case=accepted, text="协议")
    with pytest.raises(DomainError, match="请选择签名的当事人"):
        services.signature_record(
            actor=team.mediator, case=case, signer=Signer.PARTY, party=other.parties.first()
        )
    assert not Signature.objects.exists()


def test_oral_agreement_is_recorded_and_effective_the_same_day(team, accepted):
    with frozen_at(at(2026, 3, 3, 11)):
        case = services.oral_agreement_record(
            actor=team.mediator, case=accepted, text="双方同意互相谅解，今后注意噪音。"
        )
    assert case.status == Status.RESOLVED and case.agreement_kind == AgreementKind.ORAL
    assert str(case.agreement_effective_on) == "2026-03-03"


def test_failure_records_the_advice_and_allows_a_follow_up(team, accepted):
    with pytest.raises(DomainError, match="途径"):
        services.case_fail(actor=team.mediator, case=accepted, advice="", note="分歧过大")
    case = services.agreement_draft(actor=team.mediator, case=accepted, text="协议草案")
    case = services.case_fail(
        actor=team.mediator,
        case=case,
        advice=Advice.LITIGATION,
        note="被申请人拒绝签署协议，告知申请人可向人民法院起诉",
    )
    assert case.status == Status.FAILED and case.advice == Advice.LITIGATION
    services.follow_up_record(
        actor=team.mediator,
        case=case,
        visited_on=case.concluded_at.date(),
        performance=Performance.NOT_APPLICABLE,
        note="申请人已准备起诉材料",
    )
    assert case.follow_ups.count() == 1
    with pytest.raises(Conflict):
        services.oral_agreement_record(actor=team.mediator, case=case, text="x")


def test_escalation_moves_the_case_up_one_level_at_a_time(team, accepted):
    case = services.case_escalate(actor=team.mediator, case=accepted, note="涉及多个小区")
    assert case.level == Level.COMMUNITY
    case = services.case_escalate(actor=team.mediator, case=case, note="社区调解未果")
    assert case.level == Level.STREET
    with pytest.raises(DomainError, match="不能再提交上级"):
        services.case_escalate(actor=team.mediator, case=case, note="再提交")


def test_only_a_mediator_in_scope_mediates(team, accepted):
    with pytest.raises(PermissionDenied):
        services.oral_agreement_record(actor=team.other_mediator, case=accepted, text="x")
    with pytest.raises(PermissionDenied):
        services.oral_agreement_record(actor=team.secretary, case=accepted, text="x")
    accepted.refresh_from_db()
    assert accepted.status == Status.MEDIATING
