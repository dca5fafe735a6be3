"""Writes for property companies. Aggregates: PropertyCompany with its contracts, Evaluation, and
the append-only credit file (CreditEntry). Invariants: a valid 统一社会信用代码; at most one contract
per 小区 on any day; one evaluation per company × 小区 × period; credit entries are never edited,
only cancelled by a reversal entry, and an entry is reversed at most once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from linli.core import uscc
from linli.core.policy import scope_for
from linli.places.choices import PlaceLevel

from . import rules, scoring
from .choices import CreditKind, CreditSource
from .models import (
    CreditEntry,
    Evaluation,
    EvaluationScore,
    EvaluationTemplate,
    PropertyCompany,
    ServiceContract,
)

VALIDITY = dt.timedelta(days=365)


def _require_place(actor, permission: str, place) -> None:
    if not scope_for(actor, permission).covers_place(place.code):
        raise PermissionDenied("无权在该范围内操作。")


def _require_company(actor, permission: str, company: PropertyCompany) -> None:
    scope = scope_for(actor, permission)
    if scope.everything:
        return
    codes = company.contracts.values_list("compound__code", flat=True)
    if not any(scope.covers_place(code) for code in codes):
        raise PermissionDenied("无权管理该物业企业。")


def today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def company_register(*, actor, name: str, uscc_code: str, **fields) -> PropertyCompany:
    """Register a company; raises ValidationError for an invalid or duplicate code."""
    if scope_for(actor, rules.MANAGE_PROPERTY).empty:
        raise PermissionDenied("无权登记物业企业。")
    try:
        code = uscc.validate(uscc_code)
    except uscc.USCCError as exc:
        raise ValidationError(str(exc)) from exc
    if PropertyCompany.objects.filter(uscc=code).exists():
        raise ValidationError("该统一社会信用代码已登记。")
    return PropertyCompany.objects.create(name=name, uscc=code, **fields)


@transaction.atomic
def contract_sign(
    *, actor, company, compound, start: dt.date, end: dt.date, service_level: str, fee_standard
) -> ServiceContract:
    """A contract for one 小区; refuses an overlap with another contract of that 小区."""
    if compound.level != PlaceLevel.COMPOUND:
        raise ValidationError("物业服务合同只能签订到小区。")
    _require_place(actor, rules.MANAGE_PROPERTY, compound)
    if end < start:
        raise ValidationError("合同终止日期不能早于起始日期。")
    overlapping = ServiceContract.objects.filter(compound=compound, start__lte=end, end__gte=start)
    if overlapping.exists():
        raise ValidationError("该小区在此期间已有物业服务合同。")
    return ServiceContract.objects.create(
        company=company,
        compound=compound,
        start=start,
        end=end,
        service_level=service_level,
        fee_standard=Decimal(fee_standard),
    )


def contract_on(*, compound, on: dt.date) -> ServiceContract | None:
    return (
        ServiceContract.objects.select_related("company")
        .filter(compound=compound, start__lte=on, end__gte=on)
        .first()
    )


def current_period(on: dt.date) -> str:
    return f"{on.year}Q{(on.month - 1) // 3 + 1}"


@transaction.atomic
def evaluation_submit(
    *,
    actor,
    compound,
    period: str,
    scores: dict[int, Decimal],
    satisfaction: Decimal,
    note: str = "",
    on: dt.date | None = None,
) -> Evaluation:
    """The branch evaluates the company serving its 小区: stores the evaluation and writes the
    credit entry its total earns. Raises PermissionDenied outside the actor's 小区 and
    ValidationError for missing items, scores out of range or a second evaluation of the period."""
    _require_place(actor, rules.EVALUATE_PROPERTY, compound)
    on = on or today()
    contract = contract_on(compound=compound, on=on)
    if contract is None:
        raise ValidationError("该小区当前没有物业服务合同。")
    template = EvaluationTemplate.objects.filter(active=True).prefetch_related("items").first()
    if template is None:
        raise ValidationError("尚未配置评价模板。")
    items = list(template.items.all())
    if {i.pk for i in items} != set(scores):
        raise ValidationError("请为每个评价项目打分。")
    try:
        items_score = scoring.weighted_items([(i.weight, scores[i.pk]) for i in items])
        policy = scoring.EvaluationPolicy.from_settings()
        total = scoring.evaluation_total(items_score, Decimal(satisfaction), policy=policy)
    except scoring.ScoringError as exc:
        raise ValidationError(str(exc)) from exc
    company = contract.company
    if Evaluation.objects.filter(company=company, compound=compound, period=period).exists():
        raise ValidationError(f"{period}已评价过该物业企业。")
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                company=company,
                compound=compound,
                period=period,
                template=template,
                filled_by=actor,
                items_score=items_score,
                satisfaction=Decimal(satisfaction),
                total=total,
                note=note,
            )
    except IntegrityError as exc:
        raise ValidationError(f"{period}已评价过该物业企业。") from exc
    EvaluationScore.objects.bulk_create(
        EvaluationScore(evaluation=evaluation, item=i, weight=i.weight, score=scores[i.pk]) for i in items
    )
    effect = scoring.credit_effect(total, policy=policy)
    if effect is not None:
        kind, points = effect
        CreditEntry.objects.create(
            company=company,
            kind=kind,
            points=points,
            reason=f"{compound.name}{period}支部评价{total}分",
            evidence=note,
            source=CreditSource.EVALUATION,
            evaluation=evaluation,
            valid_from=on,
            valid_until=on + VALIDITY,
            created_by=actor,
        )
    return evaluation


@transaction.atomic
def credit_entry_add(
    *,
    actor,
    company: PropertyCompany,
    kind: str,
    points,
    reason: str,
    evidence: str = "",
    blacklist: bool = False,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> CreditEntry:
    """Append a basic / good / bad entry (valid one year unless told)."""
    _require_company(actor, rules.MANAGE_PROPERTY, company)
    if kind not in (CreditKind.BASIC, CreditKind.GOOD, CreditKind.BAD):
        raise ValidationError("撤销请使用撤销操作。")
    if not reason.strip():
        raise ValidationError("请填写事由。")
    points = abs(Decimal(points))
    if kind == CreditKind.BASIC and points > 80:
        raise ValidationError("基础分不能超过80分。")
    if blacklist and kind != CreditKind.BAD:
        raise ValidationError("只有不良信息可以列入黑名单。")
    valid_from = valid_from or today()
    return CreditEntry.objects.create(
        company=company,
        kind=kind,
        points=points,
        blacklist=blacklist,
        reason=reason,
        evidence=evidence,
        source=CreditSource.MANUAL,
        valid_from=valid_from,
        valid_until=valid_until or valid_from + VALIDITY,
        created_by=actor,
    )


@transaction.atomic
def credit_entry_reverse(*, actor, entry: CreditEntry, reason: str, on: dt.date | None = None) -> CreditEntry:
    """Cancel an entry by appending a reversal; the entry itself stays as it was."""
    _require_company(actor, rules.MANAGE_PROPERTY, entry.company)
    if entry.kind == CreditKind.REVERSAL:
        raise ValidationError("撤销记录不能再被撤销。")
    if not reason.strip():
        raise ValidationError("请填写撤销理由。")
    if CreditEntry.objects.filter(reverses=entry).exists():
        raise ValidationError("该记录已被撤销。")
    try:
        with transaction.atomic():
            return CreditEntry.objects.create(
                company=entry.company,
                kind=CreditKind.REVERSAL,
                points=Decimal(0),
                reason=reason,
                source=CreditSource.MANUAL,
                valid_from=on or today(),
                valid_until=None,
                reverses=entry,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError("该记录已被撤销。") from exc


DEFAULT_ITEMS = (
    ("环境卫生", 20),
    ("秩序维护", 15),
    ("设施设备维护", 20),
    ("绿化养护", 10),
    ("服务态度与响应", 20),
    ("党建引领与配合", 15),
)


@transaction.atomic
def evaluation_template_ensure_default() -> EvaluationTemplate:
    """The active template, creating the default one (the data migration's) when none exists."""
    template = EvaluationTemplate.objects.filter(active=True).first()
    if template is None:
        template = EvaluationTemplate.objects.create(name="小区党支部评价物业服务（默认）")
        for order, (name, weight) in enumerate(DEFAULT_ITEMS, start=1):
            template.items.create(name=name, weight=weight, order=order)
    return template
