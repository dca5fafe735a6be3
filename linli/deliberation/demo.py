"""Demo deliberation in the demo 小区 (the branch secretary 13800000010's): topics in every state — one
waiting for review, one returned with its reason, one withdrawn, one returned then revised and approved,
needs, opinions and supports, one before a 居民议事会, one being implemented with an overdue item, two
closed and evaluated — and meetings of every kind. The demo 小区 held its 联席会议 last month and three
months ago but not two months ago nor this month, so the cadence check lists it; half of the other 小区
of the community held theirs this month. Made through the services, then dated back. Skipped when the
demo 小区 already has topics."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from linli.accounts.models import RoleAssignment, User
from linli.core.demo import DemoContext
from linli.core.exceptions import DomainError
from linli.core.roles import Role
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .demo_meetings import build_meetings
from .models import ActionItem, Meeting, Topic, TopicEvent
from .services import items as item_svc
from .services import meetings as meeting_svc
from .services import polls
from .services import topics as svc

_RESIDENTS = ["周桂芳", "钱建华", "冯玉珍", "蒋志明", "韩淑英", "杨德福", "朱美玲", "秦国栋"]


def _user(phone):
    return User.objects.filter(phone=phone).first()


def _residents(compound) -> list[User]:
    homes = Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=compound.code).order_by("code")[
        : len(_RESIDENTS)
    ]
    people = []
    for i, (home, name) in enumerate(zip(homes, _RESIDENTS, strict=False), start=1):
        user, created = User.objects.get_or_create(phone=f"1376000{i:04d}", defaults={"name": name})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            RoleAssignment.objects.create(
                user=user, role=Role.RESIDENT, place=home, valid_from=timezone.localdate()
            )
        people.append(user)
    return people


def _age(topic: Topic, days: int) -> None:
    """Date a topic and its events back by ``days`` (the demo shows weeks of history)."""
    shift = timedelta(days=days)
    for event in topic.events.all():
        TopicEvent.objects.filter(pk=event.pk).update(at=event.at - shift)
    topic.inputs.update(at=timezone.now() - shift + timedelta(days=2))
    fields = {"created_at": topic.created_at - shift}
    for name in ("reviewed_at", "resolved_at", "closed_at"):
        if getattr(topic, name):
            fields[name] = getattr(topic, name) - shift + timedelta(days=1)
    Topic.objects.filter(pk=topic.pk).update(**fields)


def _propose(actor, compound, title, description, category, body="resident"):
    return svc.topic_propose(
        actor=actor, place=compound, title=title, description=description, category=category, body=body
    )


def _inputs(topic, residents, kind, texts):
    for user, text in zip(residents, texts, strict=False):
        svc.topic_add_input(actor=user, topic=topic, kind=kind, text=text)


def _support(topic, people):
    for user in people:
        svc.topic_support(actor=user, topic=topic)


def build(ctx: DemoContext) -> None:
    scopes = ctx.shared.get("demo_scopes")
    secretary, desk = _user("13800000010"), _user("13800000005")
    if not scopes or secretary is None or desk is None:
        return
    compound = scopes["compound"]
    if Topic.objects.filter(place=compound).exists():
        ctx.say("议事协商数据已存在，跳过生成。")
        return
    owners, prop, luo, member = (
        _user(p) for p in ("13800000012", "13800000013", "13800000020", "13800000011")
    )
    residents = _residents(compound)
    today = timezone.localdate()
    soon = today + timedelta(days=14)

    _propose(
        luo,
        compound,
        "小区东门增设非机动车停车棚",
        "东门电动车乱停，雨天淋湿，建议增设停车棚并配充电桩。",
        "facility",
    )

    returned = _propose(
        residents[0],
        compound,
        "把中心花园改成停车位",
        "车位紧张，建议把中心花园改为 20 个停车位。",
        "facility",
    )
    svc.topic_return(
        actor=secretary,
        topic=returned,
        reason="涉及公共绿地改变用途，须经业主共同决定；请补充方案、影响范围和替代绿化措施后再提交。",
    )
    _age(returned, 3)

    withdrawn = _propose(
        residents[1], compound, "晚上广场舞音量太大", "建议广场舞 21 点前结束。", "convention"
    )
    svc.topic_withdraw(actor=residents[1], topic=withdrawn)
    _age(withdrawn, 10)

    dogs = _propose(
        owners,
        compound,
        "制定小区文明养犬公约",
        "近期多起犬只伤人、粪便不清理，拟制定养犬公约。",
        "convention",
        "owners_committee",
    )
    svc.topic_return(actor=secretary, topic=dogs, reason="请先附上公约草案条款，便于居民提需求。")
    svc.topic_resubmit(
        actor=owners,
        topic=dogs,
        title="制定小区文明养犬公约",
        category="convention",
        description="草案：出门拴绳、及时清理粪便、大型犬不进电梯高峰时段。请居民提出需求。",
    )
    svc.topic_approve(actor=secretary, topic=dogs, note="同意，先征集居民需求。")
    _inputs(
        dogs, residents[:3], "need", ["希望划定遛狗区域。", "电梯里要有提示牌。", "对违规养犬要有处理办法。"]
    )
    _support(dogs, residents[:5])
    _age(dogs, 6)

    cameras = _propose(
        prop,
        compound,
        "众筹更换小区监控系统",
        "现有监控老化，拟众筹 6 万元更换高清监控，覆盖出入口和楼道。",
        "funding",
        "property",
    )
    svc.topic_approve(actor=member, topic=cameras)
    _inputs(cameras, residents[2:5], "need", ["车棚也要装。", "费用要公开。", "老人多，最好有一键报警。"])
    svc.topic_open(actor=member, topic=cameras)
    _inputs(
        cameras,
        residents[4:7],
        "opinion",
        ["按户均摊 150 元可以接受。", "请物业出三家报价比较。", "建议申请民生微实事资金补一部分。"],
    )
    _support(cameras, residents[:6] + [luo])
    _age(cameras, 12)

    lift = _propose(
        secretary,
        compound,
        "1栋加装电梯",
        "1栋 6 层住着 11 位 70 岁以上老人，拟加装电梯，费用按楼层分摊。",
        "lift",
        "branch",
    )
    svc.topic_approve(actor=desk, topic=lift)
    _inputs(lift, residents[:2], "need", ["一楼住户担心采光。", "希望申请政府补贴。"])
    svc.topic_open(actor=secretary, topic=lift)
    _inputs(lift, residents[3:5], "opinion", ["同意，按楼层分摊公平。", "施工期间要保障通行。"])
    _support(lift, residents)
    council = meeting_svc.meeting_schedule(
        actor=secretary,
        place=compound,
        kind="residents_council",
        title="1栋加装电梯居民议事会",
        scheduled_at=timezone.now() + timedelta(days=5),
        location="小区党群服务站",
        invitees=[owners, prop, *residents[:4]],
        guests=[("社区规划师 李工", "社区")],
    )
    svc.topic_send_to_decision(actor=secretary, topic=lift, mode="meeting", meeting=council)
    _age(lift, 20)
    _vote(secretary, compound, residents)

    clutter = _propose(
        residents[5], compound, "楼道堆物清理", "多个单元楼道堆放纸箱、旧家具，堵塞消防通道。", "environment"
    )
    svc.topic_approve(actor=secretary, topic=clutter)
    svc.topic_open(actor=secretary, topic=clutter)
    svc.topic_send_to_decision(actor=secretary, topic=clutter, mode="meeting")
    svc.topic_resolve(
        actor=secretary,
        topic=clutter,
        resolution="一周内发通知，两周内集中清理，此后纳入楼道长日常巡查。",
        consensus=True,
        items=[
            {"text": "张贴清理通知并逐户告知", "owner": member, "deadline": soon},
            {"text": "组织集中清运", "owner": prop, "deadline": soon},
        ],
    )
    notice, haul = clutter.items.order_by("pk")
    item_svc.item_note(actor=member, item=notice, note="已在 6 个单元张贴通知。")
    item_svc.item_note(actor=secretary, item=haul, note="请物业按期组织清运。", kind="urge")
    ActionItem.objects.filter(pk=notice.pk).update(deadline=today - timedelta(days=3))  # overdue
    _age(clutter, 25)

    for title, days, scores in [("小区路灯维修", 60, [5, 4, 5]), ("垃圾分类投放点调整", 40, [4, 3])]:
        topic = _propose(residents[6], compound, title, f"{title}，居民反映强烈。", "facility")
        svc.topic_approve(actor=secretary, topic=topic)
        svc.topic_open(actor=secretary, topic=topic)
        svc.topic_send_to_decision(actor=secretary, topic=topic, mode="meeting")
        svc.topic_resolve(
            actor=secretary,
            topic=topic,
            resolution=f"同意{title}，由物业实施。",
            consensus=scores[0] == 5,
            items=[{"text": f"完成{title}", "owner": prop, "deadline": soon}],
        )
        item_svc.item_complete(actor=prop, item=topic.items.get(), note="已完成并经居民代表验收。")
        svc.topic_close(actor=secretary, topic=topic)
        for user, score in zip(residents, scores, strict=False):
            svc.topic_evaluate(
                actor=user, topic=topic, score=score, comment="办得实在。" if score == 5 else ""
            )
        _age(topic, days)

    build_meetings(compound, secretary, desk, owners, prop, residents)
    ctx.say(
        f"议事协商：{Topic.objects.filter(place=compound).count()} 个议题，{Meeting.objects.count()} 场会议。"
    )


def _vote(secretary, compound, residents):
    """A topic decided by a resident poll, opened through the votes app (when the 小区 has residents in the
    people ledger to vote)."""
    gate = _propose(
        residents[7],
        compound,
        "小区大门改造方案",
        "大门老旧、人车混行，物业提出两个改造方案，请居民投票选择。",
        "facility",
    )
    svc.topic_approve(actor=secretary, topic=gate)
    svc.topic_open(actor=secretary, topic=gate)
    _inputs(gate, residents[:2], "opinion", ["人车分流最重要。", "方案二保留了大树，支持方案二。"])
    svc.topic_send_to_decision(actor=secretary, topic=gate, mode="vote")
    try:
        with transaction.atomic():
            polls.topic_start_poll(
                actor=secretary, topic=gate, options=["方案一：拓宽车行道", "方案二：人车分流、保留大树"]
            )
    except (DomainError, PermissionDenied):
        pass  # no voters in the ledger (a partial demo): the topic waits for its poll
    _age(gate, 8)
