"""Party members' 双报到: a member asks to register with the branch where they live; the branch confirms.
Invariant: a registration names its branch (database constraint); confirmation is compare-and-set from
待确认, so two confirmations cannot both succeed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import DomainError

from ..choices import OrgLevel, Registration
from ..models import PartyMember, PartyOrg
from ..rules import CONFIRM_REGISTRATION, MANAGE_MEMBER
from .events import record


class RegistrationError(DomainError):
    """The request cannot be made or confirmed in the member's current state (message in Chinese)."""


@transaction.atomic
def registration_request(*, member: PartyMember, branch: PartyOrg, actor=None, now=None) -> PartyMember:
    """The member asks to register with ``branch`` (``actor``: who entered it for them, if anyone);
    raises RegistrationError unless the branch is a 小区党支部 covering the member's 小区 and the member is
    not already registered."""
    if branch.level != OrgLevel.BRANCH or not branch.covers.filter(pk=member.home_id).exists():
        raise RegistrationError("只能向居住小区的党支部报到")
    updated = PartyMember.objects.filter(
        pk=member.pk, registration__in=[Registration.NONE, Registration.REQUESTED]
    ).update(registration=Registration.REQUESTED, registered_at=branch, requested_at=now or timezone.now())
    if updated != 1:
        raise RegistrationError("已报到，无需重复申请")
    member.refresh_from_db()
    record(
        actor=actor,
        permission=MANAGE_MEMBER,
        verb="registration_requested",
        place_code=member.home.code,
        summary=f"{member.name} 申请到{branch.name}报到",
        member=member,
        org=branch,
    )
    return member


@transaction.atomic
def registration_confirm(*, member: PartyMember, actor, now=None) -> PartyMember:
    """The branch (or community) confirms a pending request; raises PermissionDenied outside scope,
    RegistrationError when nothing is pending."""
    if not policy.may(actor, CONFIRM_REGISTRATION, member):
        raise PermissionDenied
    updated = PartyMember.objects.filter(pk=member.pk, registration=Registration.REQUESTED).update(
        registration=Registration.CONFIRMED, confirmed_at=now or timezone.now()
    )
    if updated != 1:
        raise RegistrationError("没有待确认的报到申请")
    member.refresh_from_db()
    record(
        actor=actor,
        permission=CONFIRM_REGISTRATION,
        verb="registration_confirmed",
        place_code=member.home.code,
        summary=f"确认 {member.name} 的双报到",
        member=member,
        org=member.registered_at,
    )
    return member
