"""Demo 三张清单 for the demo 小区 (the branch secretary's, 13800000010): needs from visits and
deliberation, resources (two from the co-building units of linli/party when present), projects at every
stage — one matched from a need with funding, 众筹 and milestones, one completed and rated by the demo
resident — and two self-organisations with activities. Skipped when needs exist."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.frozen_time import frozen_at

from . import services
from .choices import FundingKind, NeedCategory, NeedSource, OrgKind, ProjectKind, ResourceKind
from .models import Need

NEEDS = [
    (
        "加装单元门口扶手和坡道",
        NeedCategory.ELDERLY,
        NeedSource.VISIT,
        "3 栋、5 栋高龄老人多，单元门台阶无扶手。",
    ),
    (
        "楼道堆物清理和照明维修",
        NeedCategory.ENVIRONMENT,
        NeedSource.DELIBERATION,
        "坝坝会上居民提出楼道杂物多、声控灯坏。",
    ),
    (
        "增设非机动车充电桩",
        NeedCategory.SAFETY,
        NeedSource.RESIDENT,
        "电动车入户充电隐患大，居民希望集中充电。",
    ),
    ("暑期儿童托管", NeedCategory.CHILDREN, NeedSource.RESIDENT, "双职工家庭暑期孩子无人照看。"),
    ("小区广场舞音响扰民协调", NeedCategory.CULTURE, NeedSource.GRID, "网格员巡查发现晚间音响过大。"),
]
RESOURCES = [
    ("党群服务站活动室", ResourceKind.VENUE, "小区党支部", "可容纳 40 人，工作日全天开放。"),
    ("法律顾问志愿服务", ResourceKind.EXPERTISE, "律师事务所党支部", "每月一次法律咨询。"),
    ("大学生志愿者", ResourceKind.VOLUNTEERS, "师范学院团委", "暑期每周三天，每次 6 人。"),
]


def _at(days_ago: int, hour: int = 10):
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(hour)))


def build(ctx: DemoContext) -> None:
    if Need.objects.exists():
        ctx.say("三张清单已存在，跳过生成。")
        return
    scopes = ctx.shared.get("demo_scopes") or {}
    compound = scopes.get("compound")
    secretary = User.objects.filter(phone="13800000010").first()
    resident = User.objects.filter(phone="13800000020").first()
    if compound is None or secretary is None:
        return
    with frozen_at(_at(60)):
        needs = [
            services.need_add(
                actor=secretary, compound=compound, title=t, category=c, source=s, description=d
            )
            for t, c, s, d in NEEDS
        ]
        resources = [
            services.resource_add(
                actor=secretary, compound=compound, name=n, kind=k, provider=p, description=d
            )
            for n, k, p, d in RESOURCES
        ]
        resources += _cobuilding(secretary, compound)
        ramp = services.project_create(
            actor=secretary,
            compound=compound,
            need=needs[0],
            resource=resources[0],
            title="适老化扶手坡道改造",
            kind=ProjectKind.PRACTICAL,
            budget="36000.00",
            description="为 6 个单元门口加装不锈钢扶手和无障碍坡道。",
            milestones=[
                ("方案征求意见", timezone.localdate() - timedelta(days=45)),
                ("施工", timezone.localdate() - timedelta(days=20)),
                ("验收", timezone.localdate() + timedelta(days=10)),
            ],
        )
        services.funding_add(
            actor=secretary, project=ramp, kind=FundingKind.COMMUNITY, amount="20000", note="社区保障资金"
        )
        services.funding_add(
            actor=secretary, project=ramp, kind=FundingKind.COBUILDING, amount="8000", note="共建单位捐助"
        )
        light = services.project_create(
            actor=secretary,
            compound=compound,
            need=needs[1],
            resource=None,
            title="楼道微更新（照明与清理）",
            kind=ProjectKind.MICRO,
            budget="4800.00",
            milestones=[("更换声控灯", timezone.localdate() - timedelta(days=40))],
        )
    for i, (name, amount) in enumerate(
        [("王秀英", "200"), ("李建国", "500"), ("张丽华", "100"), ("刘海涛", "300")]
    ):
        with frozen_at(_at(50 - i * 3)):
            services.contribution_add(actor=secretary, project=ramp, contributor=name, amount=amount)
    with frozen_at(_at(44)):
        services.milestone_done(actor=secretary, milestone=ramp.milestones.order_by("due_on").first())
        ramp = services.progress_update(actor=secretary, project=ramp, progress=60, note="已完成 4 个单元")
    with frozen_at(_at(35)):
        services.milestone_done(actor=secretary, milestone=light.milestones.first())
        light = services.project_complete(
            actor=secretary, project=light, result="更换声控灯 36 盏，清理楼道堆物 2.3 吨。"
        )
    if resident is not None:
        with frozen_at(_at(30)):
            services.project_evaluate(actor=resident, project=light, score=5, comment="楼道亮堂干净了")
    _orgs(secretary, compound)
    ctx.say(
        f"三张清单：{len(NEEDS)} 项需求、{len(resources)} 项资源、2 个项目、2 个居民自组织（{compound.name}）。"
    )


def _cobuilding(actor, compound):
    from linli.party.models import CoBuildingUnit

    return [
        services.resource_add(
            actor=actor,
            compound=compound,
            name=f"{unit.name}党员志愿服务队",
            kind=ResourceKind.VOLUNTEERS,
            provider=unit.name,
            cobuilding_unit=unit,
            description="共建协议承诺资源",
        )
        for unit in CoBuildingUnit.objects.order_by("name")[:2]
    ]


def _orgs(actor, compound):
    with frozen_at(_at(90)):
        choir = services.org_add(
            actor=actor,
            compound=compound,
            name="夕阳红合唱团",
            kind=OrgKind.CULTURE,
            leader="周玉兰",
            founded_on=timezone.localdate() - timedelta(days=800),
        )
        aid = services.org_add(
            actor=actor,
            compound=compound,
            name="邻里互助会",
            kind=OrgKind.MUTUAL_AID,
            leader="陈志刚",
            founded_on=timezone.localdate() - timedelta(days=400),
        )
    with frozen_at(_at(20)):
        services.activity_record(
            actor=actor,
            org=choir,
            title="邻里节合唱展演",
            held_on=timezone.localdate(),
            location="小区中心广场",
            participants=["周玉兰", "王秀英", "李玉梅", "张凤兰", "刘桂芝"],
        )
        services.activity_record(
            actor=actor,
            org=aid,
            title="为独居老人包饺子",
            held_on=timezone.localdate(),
            location="党群服务站",
            participants=["陈志刚", "林晓燕", "高德明"],
            summary="为 12 位独居老人送去饺子",
        )
