"""Dashboards demo: the "1136" schedule of the demo street and community with the past events recorded
(one left overdue), then the pre-aggregated tables filled once everything else of the demo exists."""

from datetime import timedelta

from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.frozen_time import frozen_at

from . import steering
from .models import SteeringEvent
from .refresh import refresh

_RECORDS = {
    "onsite": "在{place}现场推进老旧小区改造和楼道整治，明确责任人和完成时限。",
    "dispatch": "调度本月诉求办理、走访覆盖和红黑榜问题，逐项销号。",
    "inspection": "督查各小区“三方联动”运行和诉求按期办结情况，通报问题清单。",
    "review": "总结半年工作，讲评先进和后进，部署下半年重点任务。",
}


def build(ctx: DemoContext) -> None:
    if not SteeringEvent.objects.exists():
        from linli.accounts.demo import demo_scopes

        scopes = ctx.shared.get("demo_scopes") or demo_scopes()
        today = timezone.localdate()
        for phone, place in (("13800000003", scopes["street"]), ("13800000004", scopes["community_a"])):
            user = User.objects.get(phone=phone)
            with frozen_at(timezone.now().replace(month=1, day=2)):
                steering.schedule_year(actor=user, place=place, year=today.year)
            past = list(SteeringEvent.objects.filter(place=place, due__lt=today).order_by("due"))
            for event in past[:-1]:  # the latest one is left overdue, so the page shows one
                held = event.due - timedelta(days=ctx.rng.randint(3, 20))
                steering.record(
                    actor=user, event=event, held_on=held, text=_RECORDS[event.kind].format(place=place.name)
                )
        ctx.say("“1136”工作调度：街道和社区全年安排，已开的均有记录。")
    ctx.say(refresh(full=True))
