"""共建: units (机关, 企业, 学校 …) paired with a 小区 党支部 by an agreement that lists their commitments,
and the activities, deeds and mediations done under it ("三个一" counts these).

Invariants: one agreement per unit and branch (database); the agreement's 小区 is covered by the
branch; a unit's name is unique, so the same unit typed twice is one unit; records are not in the
future."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.models import Place

from ..choices import OrgLevel, RecordKind, UnitKind
from ..models import Agreement, CoBuildingRecord, CoBuildingUnit, PartyOrg
from ..rules import MANAGE_COBUILDING, RECORD_ACTIVITY
from .events import not_future, record, text


@transaction.atomic
def agreement_create(
    *,
    actor,
    branch: PartyOrg,
    compound: Place,
    unit_name: str,
    unit_kind: str,
    signed_on: date,
    commitments: str = "",
) -> Agreement:
    """Pair the unit named ``unit_name`` (registered now if new) with ``branch`` for ``compound``."""
    if branch.level != OrgLevel.BRANCH:
        raise DomainError("共建协议由小区党支部签订。", field="branch")
    if not branch.covers.filter(pk=compound.pk).exists():
        raise DomainError(f"{branch.name}不覆盖{compound.name}。", field="compound")
    if not policy.may(actor, MANAGE_COBUILDING, compound):
        raise DomainError(f"{compound.name}不在您的管辖范围内。", field="compound")
    unit_name = text(unit_name, label="共建单位名称", field="unit_name", max_length=80)
    if unit_kind not in UnitKind.values:
        raise DomainError("请选择单位类别。", field="unit_kind")
    if signed_on is None:
        raise DomainError("请填写签订日期。", field="signed_on")
    not_future(signed_on, label="签订日期", field="signed_on")
    commitments = text(commitments, label="共建承诺", field="commitments", max_length=2000, required=False)
    unit, _ = CoBuildingUnit.objects.get_or_create(name=unit_name, defaults={"kind": unit_kind})
    if Agreement.objects.filter(unit=unit, branch=branch).exists():
        raise DomainError(f"{unit.name}已与{branch.name}签订共建协议。", field="unit_name")
    agreement = Agreement.objects.create(
        unit=unit, branch=branch, compound=compound, signed_on=signed_on, commitments=commitments
    )
    record(
        actor=actor,
        permission=MANAGE_COBUILDING,
        verb="agreement_signed",
        place_code=compound.code,
        summary=f"{unit.name}与{branch.name}签订共建协议",
        org=branch,
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, signed_on: date, commitments: str) -> Agreement:
    """Correct the date or restate the commitments (资源清单、项目清单)."""
    policy.require(actor, MANAGE_COBUILDING, agreement)
    if signed_on is None:
        raise DomainError("请填写签订日期。", field="signed_on")
    not_future(signed_on, label="签订日期", field="signed_on")
    agreement.commitments = text(
        commitments, label="共建承诺", field="commitments", max_length=2000, required=False
    )
    agreement.signed_on = signed_on
    agreement.save(update_fields=["commitments", "signed_on"])
    record(
        actor=actor,
        permission=MANAGE_COBUILDING,
        verb="agreement_updated",
        place_code=agreement.compound.code,
        summary=f"修改{agreement.unit.name}的共建协议和承诺",
        org=agreement.branch,
    )
    return agreement


@transaction.atomic
def cobuilding_record_add(
    *, actor, agreement: Agreement, kind: str, title: str, held_on: date
) -> CoBuildingRecord:
    """Record a joint activity, a deed done for the 小区, or a mediation under ``agreement``."""
    policy.require(actor, RECORD_ACTIVITY, agreement)
    if kind not in RecordKind.values:
        raise DomainError("请选择记录类别。", field="kind")
    title = text(title, label="内容", field="title", max_length=120)
    if held_on is None:
        raise DomainError("请填写日期。", field="held_on")
    not_future(held_on, label="日期", field="held_on")
    if held_on < agreement.signed_on:
        raise DomainError("日期不能早于协议签订日期。", field="held_on")
    row = CoBuildingRecord.objects.create(agreement=agreement, kind=kind, title=title, held_on=held_on)
    record(
        actor=actor,
        permission=RECORD_ACTIVITY,
        verb="cobuilding_recorded",
        place_code=agreement.compound.code,
        summary=f"{agreement.unit.name}{row.get_kind_display()}：{title}",
        org=agreement.branch,
    )
    return row
