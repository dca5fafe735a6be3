"""Demo 楼道 work: this month's plan for the demo 楼道 (generated from the ledger by its 楼道长), the star
ratings of the demo 小区 for last month and this month, and last month's 先锋楼道."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.exceptions import DomainError

from . import services
from .models import Rating, VisitPlan


def build(ctx: DemoContext) -> None:
    if VisitPlan.objects.exists() or Rating.objects.exists():
        ctx.say("楼道走访计划和星级已存在，跳过生成。")
        return
    from linli.accounts.demo import demo_scopes

    scopes = ctx.shared.get("demo_scopes") or demo_scopes()
    leader = User.objects.get(phone="13800000014")
    desk = User.objects.get(phone="13800000005")
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    plan = services.plan_generate(actor=leader, unit=scopes["unit"], month=this_month)
    rated = 0
    for month in (last_month, this_month):
        rated = services.rate_month(actor=desk, under=scopes["compound"], month=month)
    best = Rating.objects.filter(period=last_month, stars__gte=4).order_by("-score").first()
    awarded = ""
    if best is not None:
        try:
            services.award_pioneer(
                actor=desk, unit=best.unit, month=last_month, reason="走访全覆盖，诉求件件有回音"
            )
            awarded = f"，上月先锋楼道：{best.unit.parent.name}{best.unit.name}"
        except DomainError:
            pass
    ctx.say(
        f"生成楼道走访计划 1 份（{plan.items.count()} 项）、星级楼道评定 {rated} 个楼道 × 2 个月{awarded}。"
    )
