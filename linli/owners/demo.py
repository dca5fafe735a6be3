"""Demo owners' self-governance: the three levels of property guidance (a street committee, a committee
per community, a supervision group in some 小区) with members, and candidate reviews for the 业委会 of the
demo branch secretary's 小区 — two waiting, one approved with its pre-appointment talk, one rejected with
the reason. Skipped when candidate reviews exist."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from linli.accounts.models import RoleAssignment
from linli.core.demo import DemoContext
from linli.core.roles import Role
from linli.party.choices import BodyKind
from linli.party.models import Body, Membership
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .models import CandidateEvent, CandidateReview, CandidateStatus

_GUIDANCE_SEATS = [
    ("主任", "张志远", "统筹物业指导"),
    ("副主任", "李红霞", "业委会组建指导"),
    ("成员", "周建平", "物业服务监督"),
]


def _guidance(ctx: DemoContext, street: Place) -> int:
    made = 0
    places = [(BodyKind.STREET_GUIDANCE, street)]
    places += [(BodyKind.COMMUNITY_GUIDANCE, c) for c in Place.objects.filter(parent=street).order_by("code")]
    compounds = Place.objects.filter(level=PlaceLevel.COMPOUND, code__startswith=street.code).order_by("code")
    places += [(BodyKind.SUPERVISION_GROUP, c) for c in compounds[:4]]
    for kind, place in places:
        body, created = Body.objects.get_or_create(
            kind=kind,
            place=place,
            defaults={
                "name": f"{place.name}{BodyKind(kind).label}",
                "office_phone": f"0730-8{ctx.rng.randint(0, 999999):06d}",
            },
        )
        if not created:
            continue
        made += 1
        for role, name, duty in _GUIDANCE_SEATS[: 3 if kind != BodyKind.SUPERVISION_GROUP else 2]:
            Membership.objects.create(body=body, name=name, role=role, duty=duty, is_party_member=True)
    return made


def build(ctx: DemoContext) -> None:
    street = Place.objects.filter(level=PlaceLevel.STREET).order_by("code").first()
    if street is None or CandidateReview.objects.exists():
        return
    made = _guidance(ctx, street)
    assignment = (
        RoleAssignment.objects.active()
        .filter(role=Role.BRANCH_SECRETARY, user__phone="13800000010", place__isnull=False)
        .select_related("user", "place")
        .first()
    )
    if assignment is None:
        return
    today = timezone.localdate()
    committee, _ = Body.objects.get_or_create(
        kind=BodyKind.OWNERS_COMMITTEE,
        place=assignment.place,
        defaults={
            "name": f"{assignment.place.name}业主委员会",
            "formed_on": date(today.year - 4, 6, 1),
            "term_start": date(today.year - 4, 6, 1),
            "term_end": today + timedelta(days=60),
        },
    )
    proposer = (
        RoleAssignment.objects.active().filter(role=Role.OWNERS_COMMITTEE).select_related("user").first()
    )
    proposer_user = proposer.user if proposer else assignment.user
    rows = [
        ("陈立群", True, "退休工程师，曾任楼栋长三年。", CandidateStatus.PENDING, ""),
        ("欧阳娜娜", False, "小区业主，从事财务工作。", CandidateStatus.PENDING, ""),
        ("王德顺", True, "退休教师，热心调解邻里纠纷。", CandidateStatus.APPROVED, ""),
        ("赵大勇", False, "小区业主。", CandidateStatus.REJECTED, "欠缴物业费逾一年，不符合候选人条件"),
    ]
    now = timezone.now()
    for name, party, intro, status, reason in rows:
        review = CandidateReview.objects.create(
            body=committee,
            name=name,
            is_party_member=party,
            intro=intro,
            status=status,
            reason=reason,
            proposed_by=proposer_user,
            proposed_at=now - timedelta(days=10),
            reviewed_by=None if status == CandidateStatus.PENDING else assignment.user,
            reviewed_on=None if status == CandidateStatus.PENDING else today - timedelta(days=3),
            talk_on=today - timedelta(days=1) if status == CandidateStatus.APPROVED else None,
            talk_note="谈任职动机与履职承诺，提醒遵守业主大会议事规则。"
            if status == CandidateStatus.APPROVED
            else "",
        )
        CandidateEvent.objects.create(
            review=review, verb="proposed", to_status=CandidateStatus.PENDING, actor=proposer_user
        )
        if status != CandidateStatus.PENDING:
            CandidateEvent.objects.create(
                review=review,
                verb="approved" if status == CandidateStatus.APPROVED else "rejected",
                from_status=CandidateStatus.PENDING,
                to_status=status,
                actor=assignment.user,
                actor_role=Role.BRANCH_SECRETARY,
                note=reason,
            )
    ctx.say(f"业主自治：{made} 个物业指导机构，{len(rows)} 名业委会候选人")
