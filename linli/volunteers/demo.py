"""Demo volunteers: a roster in the demo community (the demo volunteer 13800000019 among them, a courier
as 兼职网格员), three teams, past activities served and paid in points, upcoming ones open for sign-up
(one already full), the 积分超市 with redemptions, and a 先锋个人 — all through the services, with the
clock set back for what happened in the past."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from linli.accounts.demo import DEMO_PASSWORD
from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.exceptions import DomainError
from linli.core.frozen_time import frozen_at
from linli.people.models import Person

from . import services
from .choices import TeamKind, VolunteerKind
from .models import Volunteer

_ACTIVITIES = [
    ("小区环境大扫除", TeamKind.ENVIRONMENT, "小区中心广场", 3),
    ("夜间巡逻值守", TeamKind.PATROL, "小区东门岗亭", 2),
    ("为独居老人理发、测血压", TeamKind.ELDERLY_CHILDREN, "社区党群服务中心", 2.5),
    ("防诈骗法治宣讲", TeamKind.LEGAL, "社区党群服务中心二楼", 1.5),
]


def build(ctx: DemoContext) -> None:
    if Volunteer.objects.exists():
        ctx.say("志愿者已存在，跳过生成。")
        return
    from linli.accounts.demo import demo_scopes

    scopes = ctx.shared.get("demo_scopes") or demo_scopes()
    community, compound = scopes["community_a"], scopes["compound"]
    rng = ctx.rng
    desk = User.objects.get(phone="13800000005")  # 社区工作者
    password = make_password(DEMO_PASSWORD)
    now = timezone.localtime()
    long_ago = now - timedelta(days=120)

    people = list(Person.objects.filter(household__code__startswith=compound.code, user__isnull=True)[:400])
    adults = [p for p in people if p.birth_date and 18 <= (now.date() - p.birth_date).days // 365 <= 72]
    rng.shuffle(adults)
    roster: list[Volunteer] = []
    with frozen_at(long_ago):
        lin = User.objects.get(phone="13800000019")
        roster.append(
            services.volunteer_register(actor=desk, user=lin, place=compound, skills="组织活动、摄影")
        )
        for i, person in enumerate(adults[:24]):
            user, _ = User.objects.get_or_create(
                phone=f"1390000{i:04d}", defaults={"name": person.name, "password": password}
            )
            kind = VolunteerKind.PARTY_MEMBER if i % 4 == 0 else VolunteerKind.RESIDENT
            roster.append(
                services.volunteer_register(
                    actor=desk,
                    user=user,
                    place=compound,
                    kind=kind,
                    skills=rng.choice(["理发", "电工", "法律咨询", "心理疏导", "厨艺", "驾驶", ""]),
                    availability=rng.choice(["周末", "工作日晚上", "随时", "周六上午"]),
                )
            )
        courier, _ = User.objects.get_or_create(
            phone="13900009999", defaults={"name": "韩快递", "password": password}
        )
        roster.append(
            services.volunteer_register(
                actor=desk,
                user=courier,
                place=community,
                kind=VolunteerKind.PART_TIME_GRID,
                occupation="快递员",
                grid=scopes["micro"],
                availability="送件途中",
            )
        )
        teams = {
            kind: services.team_create(actor=desk, place=compound, name=name, kind=kind, leader=roster[i])
            for i, (kind, name) in enumerate(
                [
                    (TeamKind.ENVIRONMENT, "瑞桥丽园环境整治队"),
                    (TeamKind.PATROL, "红袖标巡逻队"),
                    (TeamKind.ELDERLY_CHILDREN, "助老扶幼服务队"),
                    (TeamKind.LEGAL, "法律明白人宣讲队"),
                ]
            )
        }
    for team in teams.values():
        for v in rng.sample(roster[:-1], 8):
            team.members.add(v)

    served = 0
    for weeks_ago in range(10, 0, -1):
        title, kind, location, hours = _ACTIVITIES[weeks_ago % len(_ACTIVITIES)]
        day = (now - timedelta(weeks=weeks_ago)).date()
        start = timezone.make_aware(datetime.combine(day, time(9, 0)))
        end = start + timedelta(hours=hours)
        with frozen_at(start - timedelta(days=3)):
            activity = services.activity_publish(
                actor=desk,
                place=compound,
                title=title,
                starts_at=start,
                ends_at=end,
                capacity=12,
                team=teams[kind],
                location=location,
            )
            joined = rng.sample(roster[:-1], rng.randint(6, 11))
            for v in joined:
                services.sign_up(actor=v.user, activity=activity)
        for v in joined:
            if rng.random() < 0.85:
                with frozen_at(start - timedelta(minutes=rng.randint(0, 20))):
                    services.check_in(actor=v.user, activity=activity, code=activity.code)
                with frozen_at(end + timedelta(minutes=rng.randint(0, 15))):
                    services.check_out(actor=v.user, activity=activity, code=activity.code)
            else:  # forgot the code: the team leader confirms
                with frozen_at(end + timedelta(hours=1)):
                    signup = activity.signups.get(volunteer=v)
                    services.attendance_confirm(actor=desk, signup=signup)
            served += 1
    upcoming = 0
    for days_ahead, (title, kind, location, hours), capacity in [
        (2, _ACTIVITIES[0], 15),
        (5, _ACTIVITIES[1], 4),
        (9, _ACTIVITIES[2], 10),
    ]:
        start = timezone.make_aware(datetime.combine(now.date() + timedelta(days=days_ahead), time(9, 0)))
        activity = services.activity_publish(
            actor=desk,
            place=compound,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            capacity=capacity,
            team=teams[kind],
            location=location,
        )
        for v in rng.sample(roster[1:-1], min(capacity, rng.randint(3, 8)) if capacity > 4 else capacity):
            services.sign_up(actor=v.user, activity=activity)
        upcoming += 1
    rewards = _market(ctx, desk, community, roster)
    ctx.say(
        f"生成志愿者 {len(roster)} 人（含兼职网格员 1 人）、服务队 {len(teams)} 支、往期活动服务 {served} 人次、"
        f"报名中活动 {upcoming} 场、积分奖品 {rewards} 种。"
    )


def _market(ctx: DemoContext, desk: User, community, roster: list[Volunteer]) -> int:
    from linli.points import services as points

    catalogue = [
        ("洗衣液一瓶", 3, 40, 2),
        ("大米5公斤", 8, 20, 1),
        ("免费理发一次", 2, 30, 1),
        ("家电上门维修一次", 10, 5, 1),
    ]
    rewards = [
        points.reward_create(actor=desk, place=community, name=n, cost=c, stock=s, per_person_limit=limit)
        for n, c, s, limit in catalogue
    ]
    from linli.points.models import Account

    ranked = sorted(roster, key=lambda v: -Account.objects.get(volunteer=v).balance)
    for v in ranked[:5]:
        try:
            points.redeem(actor=v.user, reward=rewards[0])
        except DomainError:  # a demo volunteer short of points simply skips
            continue
    top = ranked[0]
    points.honour_add(
        actor=desk, account=Account.objects.get(volunteer=top), hours=5, reason="疫情防控志愿服务表现突出"
    )
    today = timezone.localdate()
    points.honour_grant(
        actor=desk,
        volunteer=top,
        period=f"{today.year}年第{(today.month - 1) // 3 + 1}季度",
        reason="服务时长居小区首位",
    )
    return len(rewards)
