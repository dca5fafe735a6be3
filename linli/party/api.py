"""Party JSON API (/api/party): members, 组织关系转接 and bodies with their seats. The same selectors and
services as the pages: out of scope is 404, a refused action 403, a domain error 400/409 in Chinese.
Personal mobiles are masked; office numbers are shown."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status

from linli.core import policy
from linli.core.api_errors import errors
from linli.core.exceptions import DomainError

from . import selectors, services
from .body_views import shown_phone
from .models import MemberTransfer, PartyMember
from .rules import VIEW_PARTY

router = Router(tags=["党建"])


class MemberOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    home_code: str
    home_name: str
    held_at_id: int | None
    held_at: str
    floating_where: str
    floating_since: date | None
    registration: str
    registration_label: str


class TransferIn(Schema):
    to_org_id: int | None = None
    to_external: str = ""
    from_external: str = ""
    note: str = ""


class ReasonIn(Schema):
    reason: str


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str
    from_label: str
    to_label: str
    status: str
    status_label: str
    reason: str
    requested_at: datetime
    decided_at: datetime | None


class SeatOut(Schema):
    id: int
    name: str
    role: str
    duty: str
    seat_kind: str
    is_party_member: bool
    phone: str
    term_start: date | None
    term_end: date | None


class BodyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    place_code: str
    term_start: date | None
    term_end: date | None
    office_phone: str
    seats: list[SeatOut]


def _member(m: PartyMember) -> dict:
    return {
        "id": m.pk,
        "name": m.name,
        "status": m.status,
        "status_label": m.get_status_display(),
        "home_code": m.home.code,
        "home_name": m.home.name,
        "held_at_id": m.held_at_id,
        "held_at": m.held_at.name if m.held_at_id else m.held_elsewhere,
        "floating_where": m.floating_where,
        "floating_since": m.floating_since,
        "registration": m.registration,
        "registration_label": m.get_registration_display(),
    }


def _transfer(t: MemberTransfer) -> dict:
    return {
        "id": t.pk,
        "member_id": t.member_id,
        "member_name": t.member.name,
        "from_label": t.from_label,
        "to_label": t.to_label,
        "status": t.status,
        "status_label": t.get_status_display(),
        "reason": t.reason,
        "requested_at": t.requested_at,
        "decided_at": t.decided_at,
    }


def _members(request):
    policy.require(request.user, VIEW_PARTY)
    return selectors.members_visible_to(user=request.user).select_related("held_at")


@router.get(
    "/members",
    response={200: list[MemberOut], **errors(403, 422)},
    summary="我可查看的党员（含流动党员去向）",
)
def member_list(request, status: str = ""):
    qs = _members(request)
    if status:
        qs = qs.filter(status=status)
    return [_member(m) for m in qs[:500]]


@router.get(
    "/members/{int:member_id}", response={200: MemberOut, **errors(403, 404, 422)}, summary="一名党员"
)
def member_detail(request, member_id: int):
    return _member(policy.get_visible_or_404(request.user, VIEW_PARTY, _members(request), pk=member_id))


@router.post(
    "/members/{int:member_id}/transfers",
    response={201: TransferOut, **errors(400, 403, 404, 409, 422)},
    summary="办理组织关系转接",
)
def transfer_create(request, member_id: int, payload: TransferIn):
    member = policy.get_visible_or_404(request.user, VIEW_PARTY, _members(request), pk=member_id)
    to_org = None
    if payload.to_org_id is not None:
        to_org = selectors.transfer_targets().filter(pk=payload.to_org_id).first()
        if to_org is None:
            raise DomainError("找不到该转入组织。", field="to_org_id")
    transfer = services.transfer_request(
        actor=request.user,
        member=member,
        to_org=to_org,
        to_external=payload.to_external,
        from_external=payload.from_external,
        note=payload.note,
    )
    return Status(201, _transfer(transfer))


@router.get(
    "/transfers",
    response={200: list[TransferOut], **errors(403, 422)},
    summary="组织关系转接（incoming=true：待我方接收）",
)
def transfer_list(request, incoming: bool = False):
    policy.require(request.user, VIEW_PARTY)
    qs = (selectors.transfers_to_receive if incoming else selectors.transfers_visible_to)(user=request.user)
    return [_transfer(t) for t in qs[:200]]


def _transfer_get(request, transfer_id: int) -> MemberTransfer:
    return policy.get_visible_or_404(
        request.user, VIEW_PARTY, selectors.transfers_visible_to(user=request.user), pk=transfer_id
    )


@router.post(
    "/transfers/{int:transfer_id}/accept",
    response={200: TransferOut, **errors(400, 403, 404, 409, 422)},
    summary="接收组织关系",
)
def transfer_accept(request, transfer_id: int):
    return _transfer(
        services.transfer_accept(actor=request.user, transfer=_transfer_get(request, transfer_id))
    )


@router.post(
    "/transfers/{int:transfer_id}/reject",
    response={200: TransferOut, **errors(400, 403, 404, 409, 422)},
    summary="退回组织关系转接（须说明原因）",
)
def transfer_reject(request, transfer_id: int, payload: ReasonIn):
    transfer = _transfer_get(request, transfer_id)
    return _transfer(services.transfer_reject(actor=request.user, transfer=transfer, reason=payload.reason))


@router.get(
    "/bodies/{int:body_id}",
    response={200: BodyOut, **errors(403, 404, 422)},
    summary="一个机构及其现任成员（手机号已隐去部分）",
)
def body_detail(request, body_id: int):
    if not policy.may(request.user, VIEW_PARTY):
        raise PermissionDenied
    body = policy.get_visible_or_404(
        request.user, VIEW_PARTY, selectors.bodies_visible_to(user=request.user), pk=body_id
    )
    seats = body.seats.filter(selectors.current_seat_q())
    return {
        "id": body.pk,
        "kind": body.kind,
        "kind_label": body.get_kind_display(),
        "name": body.name,
        "place_code": body.place.code,
        "term_start": body.term_start,
        "term_end": body.term_end,
        "office_phone": body.office_phone,
        "seats": [
            {
                "id": s.pk,
                "name": s.name,
                "role": s.role,
                "duty": s.duty,
                "seat_kind": s.seat_kind,
                "is_party_member": s.is_party_member,
                "phone": shown_phone(s),
                "term_start": s.term_start,
                "term_end": s.term_end,
            }
            for s in seats
        ],
    }
