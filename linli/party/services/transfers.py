"""组织关系转接: a member's membership moves out of one organisation into another.

Between two organisations of the platform the sending side (or the member's 小区) asks and the receiving
side accepts or sends it back with a reason; to or from an organisation outside the platform it is
recorded as done by the side inside. Invariants: at most one pending transfer per member (database);
accept / reject are compare-and-set from 待接收; every row stays as the member's history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError

from ..choices import TransferStatus
from ..models import MemberTransfer, PartyMember, PartyOrg
from ..rules import MANAGE_MEMBER
from ..selectors import may_transfer
from .events import record, text


@transaction.atomic
def transfer_request(
    *,
    actor,
    member: PartyMember,
    to_org: PartyOrg | None = None,
    to_external: str = "",
    from_external: str = "",
    note: str = "",
) -> MemberTransfer:
    """Move ``member``'s membership to ``to_org`` (accepted later by that side) or to ``to_external``
    (done at once). A member held outside the platform is transferred in by the receiving side (done at
    once). Raises PermissionDenied when the actor may act for neither end, DomainError for bad input,
    Conflict when a transfer is already pending."""
    to_external = text(to_external, label="转入组织", field="to_external", max_length=80, required=False)
    note = text(note, label="说明", field="note", max_length=200, required=False)
    if (to_org is None) == (not to_external):
        raise DomainError("请选择平台内的转入组织，或填写平台外的转入组织名称（二选一）。", field="to_org")
    from_org = member.held_at
    if from_org is None:
        from_external = text(
            from_external or member.held_elsewhere, label="转出组织", field="from_external", max_length=80
        )
    else:
        from_external = ""
    if to_org is not None and to_org.pk == getattr(from_org, "pk", None):
        raise DomainError(f"组织关系已在{to_org.name}，无需转接。", field="to_org")
    now = timezone.now()
    if from_org is None:
        # 转入 from outside: only the receiving side inside the platform can record it.
        if to_org is None:
            raise DomainError("平台外组织之间的转接不在本平台办理。", field="to_org")
        policy.require(actor, MANAGE_MEMBER, to_org)
        status = TransferStatus.ACCEPTED
    else:
        if not may_transfer(user=actor, member=member):
            raise PermissionDenied
        status = TransferStatus.PENDING if to_org is not None else TransferStatus.ACCEPTED
    done = status == TransferStatus.ACCEPTED
    busy = f"{member.name}已有一项待接收的组织关系转接，请等对方接收或退回后再办理。"
    if MemberTransfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise Conflict(busy)
    try:
        with transaction.atomic():
            transfer = MemberTransfer.objects.create(
                member=member,
                from_org=from_org,
                from_external=from_external,
                to_org=to_org,
                to_external=to_external,
                status=status,
                note=note,
                requested_by=actor,
                requested_at=now,
                decided_by=actor if done else None,
                decided_at=now if done else None,
            )
    except IntegrityError:
        raise Conflict(busy) from None
    if done:
        _move(member, transfer)
    record(
        actor=actor,
        permission=MANAGE_MEMBER,
        verb="transfer_done" if done else "transfer_requested",
        place_code=member.home.code,
        summary=f"{member.name} 组织关系由{transfer.from_label}转至{transfer.to_label}"
        + ("" if done else "（待接收）"),
        member=member,
        org=to_org or from_org,
    )
    return transfer


def _move(member: PartyMember, transfer: MemberTransfer) -> None:
    member.held_at = transfer.to_org
    member.held_elsewhere = transfer.to_external
    member.save(update_fields=["held_at", "held_elsewhere"])


def _decide(*, actor, transfer: MemberTransfer, status: str, reason: str = "") -> MemberTransfer:
    if transfer.to_org_id is None:
        raise DomainError("该转接无需接收。")
    policy.require(actor, MANAGE_MEMBER, transfer.to_org)
    now = timezone.now()
    updated = MemberTransfer.objects.filter(pk=transfer.pk, status=TransferStatus.PENDING).update(
        status=status, reason=reason, decided_by=actor, decided_at=now
    )
    if updated != 1:
        raise Conflict("该转接已处理，请刷新页面。")
    transfer.refresh_from_db()
    return transfer


@transaction.atomic
def transfer_accept(*, actor, transfer: MemberTransfer) -> MemberTransfer:
    """The receiving organisation accepts: the membership is now held there."""
    transfer = _decide(actor=actor, transfer=transfer, status=TransferStatus.ACCEPTED)
    member = transfer.member
    if member.held_at_id != transfer.from_org_id:
        raise Conflict("该党员的组织关系已发生变化，请退回后重新办理。")
    _move(member, transfer)
    record(
        actor=actor,
        permission=MANAGE_MEMBER,
        verb="transfer_accepted",
        place_code=member.home.code,
        summary=f"{transfer.to_label}接收 {member.name} 的组织关系（由{transfer.from_label}转入）",
        member=member,
        org=transfer.to_org,
    )
    return transfer


@transaction.atomic
def transfer_reject(*, actor, transfer: MemberTransfer, reason: str) -> MemberTransfer:
    """The receiving organisation sends the transfer back with a reason; the membership stays."""
    reason = text(reason, label="退回原因", field="reason", max_length=200)
    transfer = _decide(actor=actor, transfer=transfer, status=TransferStatus.REJECTED, reason=reason)
    record(
        actor=actor,
        permission=MANAGE_MEMBER,
        verb="transfer_rejected",
        place_code=transfer.member.home.code,
        summary=f"{transfer.to_label}退回 {transfer.member.name} 的组织关系转接：{reason}",
        member=transfer.member,
        org=transfer.to_org,
    )
    return transfer
