"""Demo 红色物业: five property companies with valid 统一社会信用代码 (one without a party
organisation), a contract for every managed 小区, two quarters of branch evaluations, credit files
with a reversal and an expired entry, fee collection for two periods and one 集中整治 campaign.
Skipped when companies exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from linli.core import uscc
from linli.core.demo import DemoContext
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .choices import CampaignStatus, CreditKind, CreditSource
from .credit import credit_standing
from .demo_fees import build_fees
from .models import (
    Campaign,
    CampaignItem,
    CreditEntry,
    Evaluation,
    EvaluationScore,
    FeeCollection,
    PropertyCompany,
    ServiceContract,
)
from .scoring import credit_effect, evaluation_total, weighted_items
from .services import VALIDITY, current_period, evaluation_template_ensure_default

COMPANIES = [
    ("岳州红心物业服务有限公司", True, 80),
    ("巴陵安居物业管理有限公司", True, 76),
    ("洞庭湖畔物业服务有限公司", True, 72),
    ("南湖家园物业有限公司", True, 66),
    ("君山便民物业管理有限公司", False, 58),
]


def _previous_quarter(period: str) -> str:
    year, q = int(period[:4]), int(period[-1])
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def build(ctx: DemoContext) -> None:
    if PropertyCompany.objects.exists():
        ctx.say("物业企业已存在，跳过生成。")
    else:
        _companies(ctx)
    from linli.accounts.models import User

    author = User.objects.filter(is_superuser=True).first() or User.objects.order_by("pk").first()
    if author is not None:
        build_fees(ctx, author)


def _companies(ctx: DemoContext) -> None:
    compounds = list(
        Place.objects.filter(level=PlaceLevel.COMPOUND).exclude(compound__managed=False).order_by("code")
    )
    if not compounds:
        return
    from linli.accounts.models import User

    author = User.objects.filter(is_superuser=True).first() or User.objects.order_by("pk").first()
    if author is None:
        return
    today = timezone.localdate()
    rng = ctx.rng
    template = evaluation_template_ensure_default()
    items = list(template.items.all())
    region = compounds[0].code[:6]
    companies = []
    for n, (name, party, basic) in enumerate(COMPANIES, start=1):
        company = PropertyCompany.objects.create(
            name=name,
            uscc=uscc.make("91", region, f"MA4L{n:03d}{rng.choice('0123456789ABCDEFGH')}"),
            legal_representative=rng.choice(["王建国", "李秀英", "张志强", "刘丽华", "陈海涛"]),
            phone=f"0730-82{rng.randint(0, 99999):05d}",
            has_party_org=party,
            party_org_name=f"{name[:4]}物业党支部" if party else "",
            registered_at=dt.date(2010 + n, n, 10),
        )
        CreditEntry.objects.create(
            company=company,
            kind=CreditKind.BASIC,
            points=basic,
            reason="年度基础信用分",
            source=CreditSource.MANUAL,
            valid_from=today - dt.timedelta(days=60),
            valid_until=today - dt.timedelta(days=60) + VALIDITY,
            created_by=author,
        )
        companies.append(company)
    this = current_period(today)
    periods = [_previous_quarter(this), this]
    for i, compound in enumerate(compounds):
        company = companies[i % len(companies)]
        ServiceContract.objects.create(
            company=company,
            compound=compound,
            start=dt.date(today.year - 1, 1, 1),
            end=dt.date(today.year + 2, 12, 31),
            service_level=rng.choice("1233"),
            fee_standard=Decimal(rng.choice(["0.80", "1.20", "1.50", "1.80", "2.20"])),
        )
        for p, period in enumerate(periods):
            if p == 1 and i % 3 == 0:
                continue  # some branches have not yet evaluated this quarter
            base = 95 - 6 * (i % len(companies))
            scores = {it.pk: Decimal(min(100, max(0, base + rng.randint(-5, 5)))) for it in items}
            items_score = weighted_items([(it.weight, scores[it.pk]) for it in items])
            satisfaction = Decimal(min(100, base + rng.randint(-8, 4)))
            total = evaluation_total(items_score, satisfaction)
            evaluation = Evaluation.objects.create(
                company=company,
                compound=compound,
                period=period,
                template=template,
                filled_by=author,
                items_score=items_score,
                satisfaction=satisfaction,
                total=total,
            )
            EvaluationScore.objects.bulk_create(
                EvaluationScore(evaluation=evaluation, item=it, weight=it.weight, score=scores[it.pk])
                for it in items
            )
            effect = credit_effect(total)
            if effect:
                on = today - dt.timedelta(days=90 * (1 - p) + 5)
                CreditEntry.objects.create(
                    company=company,
                    kind=effect[0],
                    points=effect[1],
                    reason=f"{compound.name}{period}支部评价{total}分",
                    source=CreditSource.EVALUATION,
                    evaluation=evaluation,
                    valid_from=on,
                    valid_until=on + VALIDITY,
                    created_by=author,
                )
        for period, low in ((str(today.year - 1), 78), (str(today.year), 82)):
            due = Decimal(rng.randint(300, 1500) * 1000)
            rate = Decimal(rng.randint(low, 98)) / 100
            FeeCollection.objects.create(
                compound=compound, period=period, due=due, collected=(due * rate).quantize(Decimal("1"))
            )
    worst, second = companies[-1], companies[-2]
    wrong = CreditEntry.objects.create(
        company=second,
        kind=CreditKind.BAD,
        points=5,
        reason="群众投诉电梯停运（经核实不属物业责任）",
        source=CreditSource.APPEAL,
        valid_from=today - dt.timedelta(days=40),
        valid_until=today - dt.timedelta(days=40) + VALIDITY,
        created_by=author,
    )
    CreditEntry.objects.create(
        company=second,
        kind=CreditKind.REVERSAL,
        points=0,
        reason="复核：电梯停运系供电故障，撤销该不良记录",
        source=CreditSource.MANUAL,
        valid_from=today - dt.timedelta(days=30),
        reverses=wrong,
        created_by=author,
    )
    CreditEntry.objects.create(
        company=companies[0],
        kind=CreditKind.GOOD,
        points=3,
        reason="防汛抢险表现突出（已过有效期）",
        source=CreditSource.MANUAL,
        valid_from=today - dt.timedelta(days=500),
        valid_until=today - dt.timedelta(days=135),
        created_by=author,
    )
    CreditEntry.objects.create(
        company=worst,
        kind=CreditKind.BAD,
        points=8,
        reason="消防通道长期堵塞，整改不到位",
        evidence="街道集中整治检查记录",
        source=CreditSource.MANUAL,
        valid_from=today - dt.timedelta(days=20),
        valid_until=today - dt.timedelta(days=20) + VALIDITY,
        created_by=author,
    )
    street = compounds[0].parent.parent if compounds[0].parent_id else compounds[0]
    campaign = Campaign.objects.create(
        title="物业服务“十大顽疾”集中整治",
        scope=street,
        starts=today - dt.timedelta(days=30),
        ends=today + dt.timedelta(days=60),
        status=CampaignStatus.ACTIVE,
    )
    for k, (problem, done) in enumerate(
        [
            ("消防通道堵塞", False),
            ("电梯维保不及时", True),
            ("垃圾清运不及时", True),
            ("公共收益未公开", False),
        ]
    ):
        compound = compounds[k % len(compounds)]
        CampaignItem.objects.create(
            campaign=campaign,
            company=ServiceContract.objects.get(compound=compound).company,
            compound=compound,
            problem=problem,
            deadline=today + dt.timedelta(days=15 * (k + 1) - 30),
            rectified_at=today - dt.timedelta(days=3) if done else None,
            evidence="整改前后照片已存档" if done else "",
        )
    grades = [credit_standing(c.credit_entries.all(), on=today).grade for c in companies]
    ctx.say(f"红色物业：{len(companies)} 家物业企业，{len(compounds)} 个小区签约，等级 {'、'.join(grades)}")
