"""Demo meetings of the demo 小区 and its neighbours (see demo.py): the demo 小区 held its 联席会议 last month
and three months ago but not two months ago nor this month; half of the other 小区 of its community held
theirs this month, the others only a 网格议事会. Made through the services, then dated back."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .models import Meeting
from .services import meetings as meeting_svc


def _held(actor, compound, kind, title, days_ago, minutes, invitees=(), decisions=()):
    meeting = meeting_svc.meeting_schedule(
        actor=actor,
        place=compound,
        kind=kind,
        title=title,
        scheduled_at=timezone.now(),
        location="小区党群服务站",
        invitees=list(invitees),
    )
    for user in invitees[:-1]:  # one invitee did not come
        meeting_svc.meeting_sign_in(actor=user, meeting=meeting)
    meeting_svc.meeting_record(actor=actor, meeting=meeting, minutes=minutes, decisions=list(decisions))
    back = timezone.now() - timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_at=back - timedelta(hours=2), held_at=back)
    meeting.invitees.exclude(signed_in_at=None).update(signed_in_at=back)
    return meeting


def build_meetings(compound, secretary, desk, owners, prop, residents):
    today = timezone.localdate()
    first = today.replace(day=1)
    for months_back in (1, 3):  # none two months ago, none this month
        day = first
        for _ in range(months_back):
            day = (day - timedelta(days=1)).replace(day=15)
        _held(
            secretary,
            compound,
            "joint",
            f"{day:%Y年%-m月}联席会议",
            (today - day).days,
            "支部、业委会、物业共商：物业费收缴、消防通道整治、公共收益公示。",
            [owners, prop],
        )
    _held(
        secretary,
        compound,
        "courtyard",
        "楼道环境坝坝会",
        20,
        "居民反映楼道堆物问题，议定由物业牵头清运。",
        [owners, prop, *residents[:3]],
        [{"text": "物业每周二、五清运大件垃圾", "owner": prop, "deadline": today + timedelta(days=30)}],
    )
    _held(
        secretary,
        compound,
        "secretary",
        "书记面对面",
        14,
        "收集意见 6 条，当场答复 4 条，2 条转议题。",
        [*residents[:4]],
    )
    _held(
        desk,
        compound,
        "forum",
        "民情恳谈会",
        35,
        "社区、支部听取老年居民意见 9 条，加装电梯呼声最高。",
        residents[4:7],
    )
    meeting_svc.meeting_schedule(
        actor=secretary,
        place=compound,
        kind="reception",
        title="支部接待日",
        location="小区党群服务站",
        scheduled_at=timezone.now() + timedelta(days=2),
    )
    others = Place.objects.filter(parent=compound.parent, level=PlaceLevel.COMPOUND).exclude(pk=compound.pk)
    for i, other in enumerate(others.order_by("code")):
        if i % 2 == 0:
            _held(
                desk,
                other,
                "joint",
                f"{today:%Y年%-m月}联席会议",
                0,
                "支部牵头，业委会、物业参加，通报本月工作。",
            )
        else:
            _held(desk, other, "grid", "网格议事会", 9, "议定网格内停车秩序整治。")
