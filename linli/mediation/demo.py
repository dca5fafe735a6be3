"""Demo 人民调解 cases in the first community, run through the real services at back-dated moments: one
awaiting acceptance, one refused, two being mediated (one handed up to the community, its agreement half
signed), agreements written and oral (one close to the end of its 30-day judicial-confirmation window, so
the mediator is reminded), one failure with its advice, and follow-up visits. Skipped when cases exist."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.frozen_time import frozen_at
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import services
from .choices import Advice, DisputeType, Origin, Performance, Signer
from .models import MediationCase
from .reminders import judicial_reminders_send

# (days ago, title, type, origin, facts, parties, plan)
CASES = [
    (
        2,
        "养犬扰民纠纷",
        DisputeType.NEIGHBOUR,
        Origin.APPLICATION,
        "3 栋住户反映楼上犬只夜间吠叫、在楼道便溺，多次沟通无果。",
        [("applicant", "周玉兰"), ("respondent", "吴海涛")],
        "registered",
    ),
    (
        20,
        "房屋买卖合同纠纷",
        DisputeType.OTHER,
        Origin.APPLICATION,
        "一方已就房屋买卖合同向人民法院起诉。",
        [("applicant", "郭志强"), ("respondent", "何丽华")],
        "refused",
    ),
    (
        9,
        "装修噪音纠纷",
        DisputeType.NEIGHBOUR,
        Origin.INITIATIVE,
        "新业主装修周末清晨施工，邻居多次投诉，楼道长发现后报调解小组。",
        [("other", "林晓东"), ("other", "马春燕")],
        "mediating",
    ),
    (
        14,
        "外墙保温施工损坏车辆纠纷",
        DisputeType.CONSTRUCTION,
        Origin.APPLICATION,
        "老旧小区改造外墙施工坠物砸伤两辆私家车，业主与施工单位就赔偿金额分歧较大。",
        [("applicant", "黄德明"), ("applicant", "孙红梅"), ("respondent", "东风建筑工程有限公司")],
        "signing",
    ),
    (
        25,
        "卫生间漏水纠纷",
        DisputeType.NEIGHBOUR,
        Origin.APPLICATION,
        "502 室卫生间防水层老化漏水，402 室天花板霉变，双方就维修和赔偿协商未果。",
        [("applicant", "张建明"), ("respondent", "李秀兰")],
        "written",
    ),
    (
        45,
        "车位占用纠纷",
        DisputeType.PROPERTY,
        Origin.APPLICATION,
        "业主固定车位长期被他人占用，与物业就管理责任发生争执。",
        [("applicant", "罗海"), ("respondent", "示范物业服务有限公司")],
        "oral",
    ),
    (
        60,
        "赡养费纠纷",
        DisputeType.FAMILY,
        Origin.APPLICATION,
        "八旬老人与两个儿子就赡养费分担和轮流照顾发生争执。",
        [("applicant", "王玉兰"), ("respondent", "王建国"), ("respondent", "王建华")],
        "failed",
    ),
    (
        75,
        "高空坠物损害赔偿纠纷",
        DisputeType.DAMAGES,
        Origin.APPLICATION,
        "阳台花盆坠落砸坏楼下电动车。",
        [("applicant", "陈志刚"), ("respondent", "杨丽")],
        "oral",
    ),
]


def _at(days_ago: int, hour: int):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build(ctx: DemoContext) -> None:
    if MediationCase.objects.exists():
        ctx.say("调解案件已存在，跳过生成。")
        return
    mediator = User.objects.filter(phone="13800000018").first()
    secretary = User.objects.filter(phone="13800000004").first()
    community = Place.objects.filter(level=PlaceLevel.COMMUNITY).order_by("code").first()
    if not (mediator and secretary and community):
        return
    compounds = list(
        Place.objects.filter(level=PlaceLevel.COMPOUND, code__startswith=community.code).order_by("code")
    )
    for i, (ago, title, kind, origin, facts, parties, plan) in enumerate(CASES):
        with frozen_at(_at(ago, 9)):
            case = services.case_register(
                actor=mediator,
                compound=compounds[i % len(compounds)],
                title=title,
                dispute_type=kind,
                origin=origin,
                facts=facts,
                parties=[
                    {"role": r, "name": n, "phone": f"139{ctx.rng.randint(0, 99999999):08d}"}
                    for r, n in parties
                ],
            )
        _advance(case, plan, ago, mediator, secretary)
    sent = judicial_reminders_send()
    ctx.say(f"人民调解：{len(CASES)} 件调解案件（含 {sent} 件司法确认期限提醒），调解员 13800000018。")


def _advance(case, plan, ago, mediator, secretary) -> None:
    if plan == "registered":
        return
    if plan == "refused":
        with frozen_at(_at(ago, 11)):
            services.case_refuse(
                actor=secretary,
                case=case,
                reason="当事人已向人民法院起诉且法院已立案，依法不予受理，已告知当事人。",
            )
        return
    with frozen_at(_at(ago, 10)):
        case = services.case_accept(actor=mediator, case=case)
    with frozen_at(_at(ago - 1, 16)):
        names = "、".join(p.name for p in case.parties.all())
        services.session_record(
            actor=mediator,
            case=case,
            held_at=_at(ago - 1, 14),
            location="小区党群服务站调解室",
            attendees=f"{names}；调解员高德明；楼道长朱桂兰",
            record="调解员告知当事人权利义务。双方分别陈述事实和诉求，调解员释法说理，引导双方互谅互让。",
        )
    if plan == "mediating":
        return
    with frozen_at(_at(ago - 2, 10)):
        if plan == "signing":
            case = services.case_escalate(
                actor=mediator, case=case, note="涉及施工单位和多户业主，提交社区人民调解委员会"
            )
        if plan in ("signing", "written"):
            case = services.agreement_draft(
                actor=mediator,
                case=case,
                text="一、责任方承担维修（赔偿）费用，于协议生效后十日内一次性支付。\n二、双方今后互相尊重、和睦相处。\n三、本协议一式三份。",
            )
            parties = list(case.parties.all())
            for p in parties if plan == "written" else parties[:1]:
                case = services.signature_record(actor=mediator, case=case, signer=Signer.PARTY, party=p)
            if plan == "written":
                case = services.signature_record(actor=mediator, case=case, signer=Signer.MEDIATOR)
                case = services.signature_record(actor=mediator, case=case, signer=Signer.SEAL)
        elif plan == "oral":
            case = services.oral_agreement_record(
                actor=mediator, case=case, text="双方当场达成口头协议：责任方赔偿 500 元，当场履行。"
            )
        elif plan == "failed":
            case = services.case_fail(
                actor=mediator,
                case=case,
                advice=Advice.LITIGATION,
                note="两被申请人对分担比例分歧较大，经两次调解未达成协议，已告知可向人民法院提起赡养费诉讼，并联系法律援助。",
            )
    if plan in ("oral", "failed"):
        with frozen_at(_at(ago - 12, 15)):
            services.follow_up_record(
                actor=mediator,
                case=case,
                visited_on=timezone.localdate(),
                performance=Performance.DONE if plan == "oral" else Performance.NOT_APPLICABLE,
                note="电话回访，当事人表示满意，未再发生纠纷。" if plan == "oral" else "已递交法律援助申请。",
            )
