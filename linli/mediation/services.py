"""Writes to mediation cases (aggregate: MediationCase with its parties, sessions, signatures, follow-ups
and events). Every service is keyword-only, checks permission and state, is atomic, changes the status
only by compare-and-set on ``version`` and writes one CaseEvent. Raises PermissionDenied, DomainError
(bad input, Chinese message) or Conflict (someone else acted first / the state does not allow it)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.core.validators import validate_mobile
from linli.notifications.services import notify
from linli.places.choices import PlaceLevel

from . import rules
from .choices import (
    Advice,
    AgreementKind,
    DisputeType,
    EventKind,
    Judicial,
    Level,
    Origin,
    PartyRole,
    Performance,
    Signer,
    Status,
)
from .models import CaseEvent, FollowUp, MediationCase, Party, Session, Signature
from .transitions import TRANSITIONS


def _text(value, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"请填写{what}。", field=what)
    if len(value) > limit:
        raise DomainError(f"{what}不能超过 {limit} 个字。", field=what)
    return value


def _event(case, *, kind, actor, permission="", note="", from_status="", to_status="", at=None):
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        actor_role=policy.acting_role(actor, permission) if permission else "",
        at=at or timezone.now(),
        note=note,
        from_status=from_status,
        to_status=to_status,
    )


def _apply(case: MediationCase, *, actor, name: str, note: str = "", **changes) -> MediationCase:
    """Check ``name`` is allowed for ``actor`` on ``case`` now, then compare-and-set the new state and
    ``changes``, write the event and return the refreshed case."""
    t = TRANSITIONS[name]
    policy.require(actor, t.permission, case)
    if case.status not in t.sources:
        raise Conflict(f"案件当前状态为“{case.get_status_display()}”，不能{t.label}。")
    now = timezone.now()
    values = {"version": F("version") + 1, **changes}
    if t.target:
        values["status"] = t.target
    updated = MediationCase.objects.filter(pk=case.pk, status__in=t.sources, version=case.version).update(
        **values
    )
    if updated != 1:
        raise Conflict("案件已被他人处理，请刷新页面后重试。")
    _event(
        case,
        kind=t.event,
        actor=actor,
        permission=t.permission,
        note=note,
        from_status=case.status,
        to_status=t.target or case.status,
        at=now,
    )
    case.refresh_from_db()
    return case


@transaction.atomic
def case_register(
    *, actor, compound, title: str, dispute_type: str, origin: str, facts: str, parties: list[dict]
) -> MediationCase:
    """Register an application (or a dispute the committee takes up on its own initiative) in ``compound``.
    ``parties``: dicts with role, name, phone (optional), address (optional); at least two, and an
    application names its applicant."""
    if compound is None or compound.level != PlaceLevel.COMPOUND:
        raise DomainError("请选择纠纷发生的小区。", field="compound")
    if not policy.scope_for(actor, rules.REGISTER_CASE).covers_place(compound.code):
        raise DomainError("您不能在该小区登记调解案件。", field="compound")
    if dispute_type not in DisputeType.values:
        raise DomainError("请选择纠纷类型。", field="dispute_type")
    if origin not in Origin.values:
        raise DomainError("请选择案件来源。", field="origin")
    cleaned = []
    for p in parties:
        name = (p.get("name") or "").strip()
        if not name:
            continue
        role = p.get("role") or PartyRole.OTHER
        if role not in PartyRole.values:
            raise DomainError("当事人身份有误。", field="parties")
        phone = (p.get("phone") or "").strip()
        if phone:
            try:
                phone = validate_mobile(phone)
            except Exception:
                raise DomainError(f"当事人“{name}”的手机号码格式有误。", field="parties") from None
        cleaned.append((role, name[:50], phone, (p.get("address") or "").strip()[:100]))
    if len(cleaned) < 2:
        raise DomainError("纠纷至少有两方当事人，请填写当事人姓名。", field="parties")
    if origin == Origin.APPLICATION and not any(r == PartyRole.APPLICANT for r, *_ in cleaned):
        raise DomainError("当事人申请的案件须注明申请人。", field="parties")
    now = timezone.now()
    case = MediationCase.objects.create(
        title=_text(title, "案由", 100),
        dispute_type=dispute_type,
        origin=origin,
        compound=compound,
        place_code=compound.code,
        facts=_text(facts, "纠纷简要情况", 4000),
        registered_by=actor,
        registered_at=now,
    )
    Party.objects.bulk_create(
        [Party(case=case, role=r, name=n, phone=ph, address=a) for r, n, ph, a in cleaned]
    )
    _event(
        case,
        kind=EventKind.REGISTERED,
        actor=actor,
        permission=rules.REGISTER_CASE,
        to_status=Status.REGISTERED,
        at=now,
        note=Origin(origin).label,
    )
    return case


@transaction.atomic
def case_accept(*, actor, case: MediationCase, mediator=None) -> MediationCase:
    """Accept the case and assign its mediator (the actor when they are a mediator); notifies them."""
    mediator = mediator or actor
    if not policy.may(mediator, rules.MEDIATE_CASE, case):
        raise DomainError("请指定负责本案的调解员（须为本辖区调解员）。", field="mediator")
    case = _apply(
        case,
        actor=actor,
        name="accept",
        note=f"调解员：{mediator.name}",
        mediator=mediator,
        accepted_at=timezone.now(),
    )
    if mediator.pk != actor.pk:
        notify(
            recipients=[mediator],
            kind="mediation.assigned",
            title=f"调解案件待您调解：{case.title}",
            body=f"{case.number}已受理，由您负责调解。",
            url=reverse("mediation:detail", args=[case.pk]),
        )
    return case


@transaction.atomic
def case_refuse(*, actor, case: MediationCase, reason: str) -> MediationCase:
    reason = _text(reason, "不予受理理由", 1000)
    return _apply(
        case, actor=actor, name="refuse", note=reason, refusal_reason=reason, concluded_at=timezone.now()
    )


@transaction.atomic
def session_record(*, actor, case, held_at: datetime, location: str, attendees: str, record: str) -> Session:
    """Keep the record (笔录) of one mediation session."""
    if held_at is None or held_at > timezone.now():
        raise DomainError("请填写已经举行的调解时间。", field="held_at")
    session = Session(
        case=case,
        held_at=held_at,
        location=_text(location, "调解地点", 100),
        attendees=_text(attendees, "参加人员", 300),
        record=_text(record, "调解笔录", 20000),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    _apply(case, actor=actor, name="session", note=f"{timezone.localtime(held_at):%Y-%m-%d %H:%M} {location}")
    session.save()
    return session


@transaction.atomic
def case_escalate(*, actor, case, note: str) -> MediationCase:
    """Hand the case up one level (小区 → 社区 → 街道); it then no longer counts as settled in the 小区."""
    if case.level <= Level.STREET:
        raise DomainError("案件已在街道人民调解委员会调解，不能再提交上级。")
    to = Level(case.level - 1)
    return _apply(
        case, actor=actor, name="escalate", note=f"提交{to.label}：{_text(note, '提交理由', 1000)}", level=to
    )


@transaction.atomic
def agreement_draft(*, actor, case, text: str) -> MediationCase:
    """Write the agreement (调解协议书); it takes effect once every party, the mediator and the seal are
    ticked (signature_record)."""
    return _apply(
        case,
        actor=actor,
        name="draft",
        agreement_kind=AgreementKind.WRITTEN,
        agreement_text=_text(text, "协议内容", 10000),
    )


def missing_signatures(case: MediationCase) -> list[str]:
    """Labels of the checklist items not yet ticked, in checklist order."""
    done = {(s.signer, s.party_id) for s in case.signatures.all()}
    missing = [
        f"{p.get_role_display()}{p.name}签名" for p in case.parties.all() if (Signer.PARTY, p.pk) not in done
    ]
    for signer in (Signer.MEDIATOR, Signer.SEAL):
        if (signer, None) not in done:
            missing.append(signer.label)
    return missing


@transaction.atomic
def signature_record(*, actor, case, signer: str, party: Party | None = None) -> MediationCase:
    """Tick one item of the checklist; the last tick makes the agreement effective today (case resolved)."""
    if signer not in Signer.values:
        raise DomainError("签署项有误。", field="signer")
    if signer == Signer.PARTY and (party is None or party.case_id != case.pk):
        raise DomainError("请选择签名的当事人。", field="party")
    if signer != Signer.PARTY:
        party = None
    if case.signatures.filter(signer=signer, party=party).exists():
        raise DomainError("该项已签署，无需重复登记。")
    case = _apply(case, actor=actor, name="sign", note=f"{party.name}签名" if party else Signer(signer).label)
    try:
        with transaction.atomic():
            Signature.objects.create(
                case=case, signer=signer, party=party, recorded_by=actor, recorded_at=timezone.now()
            )
    except IntegrityError:
        raise DomainError("该项已签署，无需重复登记。") from None
    if not missing_signatures(case):
        case = _apply(
            case,
            actor=actor,
            name="resolve",
            note="当事人、调解员签名并加盖调委会印章，协议生效",
            agreement_effective_on=timezone.localdate(),
            concluded_at=timezone.now(),
        )
    return case


@transaction.atomic
def oral_agreement_record(*, actor, case, text: str) -> MediationCase:
    """Record an oral agreement (口头协议), effective the day it is reached."""
    text = _text(text, "口头协议内容", 4000)
    return _apply(
        case,
        actor=actor,
        name="oral",
        note=text,
        agreement_kind=AgreementKind.ORAL,
        agreement_text=text,
        agreement_effective_on=timezone.localdate(),
        concluded_at=timezone.now(),
    )


@transaction.atomic
def case_fail(*, actor, case, advice: str, note: str) -> MediationCase:
    """End the mediation without agreement, recording the other channels the parties were told of."""
    if advice not in Advice.values:
        raise DomainError("请选择告知当事人的其他解决途径。", field="advice")
    note = _text(note, "调解不成情况及告知内容", 2000)
    return _apply(
        case,
        actor=actor,
        name="fail",
        note=f"{Advice(advice).label}：{note}",
        advice=advice,
        advice_note=note,
        concluded_at=timezone.now(),
    )


@transaction.atomic
def follow_up_record(*, actor, case, visited_on: date, performance: str, note: str) -> FollowUp:
    if performance not in Performance.values:
        raise DomainError("请选择履行情况。", field="performance")
    if visited_on is None or visited_on > timezone.localdate():
        raise DomainError("回访日期不能晚于今天。", field="visited_on")
    note = _text(note, "回访情况", 2000)
    _apply(case, actor=actor, name="follow_up", note=f"{Performance(performance).label}：{note}")
    return FollowUp.objects.create(
        case=case,
        visited_on=visited_on,
        performance=performance,
        note=note,
        by=actor,
        recorded_at=timezone.now(),
    )


@transaction.atomic
def judicial_record(*, actor, case, judicial: str) -> MediationCase:
    if judicial not in (Judicial.APPLIED, Judicial.WAIVED):
        raise DomainError("请选择司法确认情况。", field="judicial")
    return _apply(case, actor=actor, name="judicial", note=Judicial(judicial).label, judicial=judicial)
