"""Demo polls in the demo 小区: an open 意见征询 waiting for 罗海 (13800000020), a closed secret one with
its results, and two 业主大会 votes — one passed, one that failed turnout — with every owner's 专有部分面积
registered and paper ballots entered by the community worker. Skipped when polls exist."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef

from linli.core.demo import DemoContext
from linli.people.models import Person
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import services
from .choices import ChoiceMode, Matter, PollKind, VoterUnit
from .models import AreaChange, ExclusiveArea, Poll


def build(ctx: DemoContext) -> None:
    if Poll.objects.exists():
        ctx.say("表决已存在，跳过生成。")
        return
    from linli.accounts.demo import demo_scopes
    from linli.accounts.models import User

    scopes = ctx.shared.get("demo_scopes") or demo_scopes()
    compound: Place = scopes["compound"]
    users = {u.phone: u for u in User.objects.filter(phone__in=["13800000005", "13800000010", "13800000012"])}
    if len(users) < 3:
        return
    desk, branch, committee = users["13800000005"], users["13800000010"], users["13800000012"]
    rng = ctx.rng
    _register_areas(ctx, compound, desk)

    charging = services.poll_create(
        actor=branch,
        place=compound,
        title="是否在小区东门增设电动自行车集中充电棚",
        description="为消除楼道充电隐患，支部联合物业拟在东门空地建设充电棚，费用由充电收费承担。请每户投一票。",
        options=["同意建设", "不同意", "同意，但建议换个位置"],
        subject_label="议题：电动自行车楼道充电整治",
    )
    services.poll_open(actor=branch, poll=charging)
    _paper(charging, desk, rng, share=0.3, weights=[6, 2, 2], skip_user=True)

    activities = services.poll_create(
        actor=branch,
        place=compound,
        title="今年邻里节想办哪些活动（可选两项）",
        options=["百家宴", "亲子运动会", "义诊义剪", "老物件展"],
        choice_mode=ChoiceMode.MULTIPLE,
        max_choices=2,
        voter_unit=VoterUnit.HOUSEHOLD,
        secret=True,
        hide_results=True,
    )
    services.poll_open(actor=branch, poll=activities)
    _paper(activities, desk, rng, share=0.55, weights=[5, 3, 4, 2], picks=2)
    services.poll_close(actor=branch, poll=activities)

    manager = services.poll_create(
        actor=committee,
        place=compound,
        kind=PollKind.ASSEMBLY,
        matter=Matter.MANAGER,
        title="关于续聘现物业服务企业的表决",
        description="现物业服务合同年底到期，业委会提议按原标准续聘三年。",
    )
    services.poll_open(actor=committee, poll=manager)
    _paper(manager, desk, rng, share=0.8, weights=[7, 2, 1])
    services.poll_close(actor=committee, poll=manager)

    fund = services.poll_create(
        actor=committee,
        place=compound,
        kind=PollKind.ASSEMBLY,
        matter=Matter.RAISE_FUND,
        title="关于续筹专项维修资金的表决",
        description="维修资金余额不足首期的30%，拟按每平方米 20 元续筹。",
    )
    services.poll_open(actor=committee, poll=fund)
    _paper(fund, desk, rng, share=0.45, weights=[5, 4, 1])
    services.poll_close(actor=committee, poll=fund)
    ctx.say(
        f"生成表决：{compound.name} 意见征询 2 项（1 项进行中），业主大会表决 2 项"
        f"（{manager.get_outcome_display()}、{fund.get_outcome_display()}）。"
    )


def _register_areas(ctx: DemoContext, compound: Place, actor) -> None:
    owners = Person.objects.filter(household=OuterRef("pk"), is_owner=True, moved_out_on__isnull=True)
    homes = Place.objects.filter(code__startswith=compound.code, level=PlaceLevel.HOUSEHOLD).filter(
        Exists(owners)
    )
    areas = [
        ExclusiveArea(household=h, area=Decimal(ctx.rng.randrange(5500, 14500)) / 100, updated_by=actor)
        for h in homes.exclude(exclusive_area__isnull=False)
    ]
    ExclusiveArea.objects.bulk_create(areas)
    AreaChange.objects.bulk_create(
        AreaChange(household_id=a.household_id, before=None, after=a.area, by=actor) for a in areas
    )


def _paper(
    poll: Poll, actor, rng, *, share: float, weights: list[int], picks: int = 1, skip_user=False
) -> None:
    """Paper ballots for about ``share`` of the roll (not for a resident with an account when
    ``skip_user``, so the demo resident still has a vote to cast)."""
    options = list(poll.options.values_list("pk", flat=True))
    electors = list(poll.electors.select_related("household").order_by("household__code"))
    linked = set(Person.objects.filter(user__isnull=False).values_list("household_id", flat=True))
    for elector in electors:
        if rng.random() >= share or (skip_user and elector.household_id in linked):
            continue
        chosen: set[int] = set()
        while len(chosen) < picks:
            chosen.add(rng.choices(options, weights)[0])
        services.paper_ballot_enter(actor=actor, poll=poll, elector=elector, option_ids=sorted(chosen))
