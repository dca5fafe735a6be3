"""The demo: topics in every state in the demo 小区, meetings of every kind, the demo 小区 listed by the
cadence check (no 联席会议 this month), and idempotent on re-run."""

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import SCALES, DemoContext
from linli.deliberation import selectors
from linli.deliberation.choices import MeetingKind, TopicStatus
from linli.deliberation.models import Meeting, Topic

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_every_meeting_kind_and_a_missing_joint_meeting():
    out = StringIO()
    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=out)
    wanted = {"地点与网格", "账号与角色", "议事协商"}
    steps = [  # import only the builders needed (not every app's demo)
        (config.verbose_name, import_module(f"{config.name}.demo").build)
        for config in apps.get_app_configs()
        if config.verbose_name in wanted
    ]
    assert len(steps) == 3
    for _, build in steps:
        build(ctx)

    assert set(Topic.objects.values_list("status", flat=True)) == set(TopicStatus.values)
    assert set(Meeting.objects.values_list("kind", flat=True)) == set(MeetingKind.values)
    desk = User.objects.get(phone="13800000005")
    compound = ctx.shared["demo_scopes"]["compound"]
    gaps = [g.compound for g in selectors.joint_meeting_gaps(user=desk, month=timezone.localdate())]
    assert compound in gaps
    others = len(selectors.compounds_for(desk, "deliberation.view_cadence")) - 1
    assert len(gaps) == 1 + others // 2
    total, _ = selectors.counts(user=desk)
    assert (total.held, total.solved) == (3, 2)
    secretary = User.objects.get(phone="13800000010")
    assert (
        selectors.items_to_supervise(user=secretary)
        .filter(done_at=None, deadline__lt=timezone.localdate())
        .count()
        == 1
    )

    counts = (Topic.objects.count(), Meeting.objects.count())
    steps[-1][1](ctx)
    assert (Topic.objects.count(), Meeting.objects.count()) == counts
    assert "议事协商数据已存在，跳过生成" in out.getvalue()
