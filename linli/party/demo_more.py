"""Demo records added after the organisations exist (also on an existing demo database, once): a
transfer already done from outside the platform, one waiting for the demo branch secretary's branch to
accept, and the change log of both. Skipped when any transfer exists."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from linli.accounts.models import RoleAssignment
from linli.core.demo import DemoContext
from linli.core.roles import Role

from .choices import MemberStatus, OrgLevel, TransferStatus
from .models import MemberTransfer, PartyEvent, PartyMember, PartyOrg


def _secretary_branch() -> tuple[object, PartyOrg] | tuple[None, None]:
    assignment = (
        RoleAssignment.objects.active()
        .filter(role=Role.BRANCH_SECRETARY, user__phone="13800000010", place__isnull=False)
        .select_related("user", "place")
        .first()
    )
    if assignment is None:
        return None, None
    branch = PartyOrg.objects.filter(level=OrgLevel.BRANCH, covers=assignment.place).first()
    return assignment.user, branch


def build_more(ctx: DemoContext) -> None:
    if MemberTransfer.objects.exists():
        return
    secretary, branch = _secretary_branch()
    if branch is None:
        return
    PartyMember.objects.filter(status=MemberStatus.FLOATING, floating_where="").update(
        floating_where="外出务工至广东省深圳市"
    )
    now = timezone.now()
    home = branch.covers.order_by("code").first()
    incoming = PartyMember.objects.create(
        name="邓卫国", status=MemberStatus.RETIRED, home=home, held_elsewhere="岳阳市第二中学党总支"
    )
    MemberTransfer.objects.create(
        member=incoming,
        from_external="岳阳市第二中学党总支",
        to_org=branch,
        status=TransferStatus.ACCEPTED,
        note="退休后组织关系转入居住地党支部",
        requested_by=secretary,
        requested_at=now - timedelta(days=20),
        decided_by=secretary,
        decided_at=now - timedelta(days=20),
    )
    incoming.held_at, incoming.held_elsewhere = branch, ""
    incoming.save(update_fields=["held_at", "held_elsewhere"])
    other = (
        PartyOrg.objects.filter(level=OrgLevel.BRANCH).exclude(pk=branch.pk).order_by("place__code").first()
    )
    moving = None
    if other is not None:
        moving = PartyMember.objects.create(
            name="黎秋菊", status=MemberStatus.RETIRED, home=home, held_at=other
        )
        MemberTransfer.objects.create(
            member=moving,
            from_org=other,
            to_org=branch,
            status=TransferStatus.PENDING,
            note="已搬入本小区居住，申请转入",
            requested_by=secretary,
            requested_at=now - timedelta(days=2),
        )
    for member, summary in (
        (incoming, "邓卫国 组织关系由岳阳市第二中学党总支转至" + branch.name),
        (moving, f"黎秋菊 组织关系由{getattr(other, 'name', '')}转至{branch.name}（待接收）"),
    ):
        if member is not None:
            PartyEvent.objects.create(
                actor=secretary,
                actor_role=Role.BRANCH_SECRETARY,
                verb="transfer_done" if member is incoming else "transfer_requested",
                place_code=home.code,
                summary=summary,
                member=member,
                org=branch,
            )
    ctx.say("党员组织关系转接：1 条已转入，1 条待接收")
