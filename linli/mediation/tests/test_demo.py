"""The demo cases: built through the services on the demo district, every stage present, idempotent."""

from io import StringIO

import pytest

from linli.accounts.models import User
from linli.core.demo import SCALES, DemoContext, builders
from linli.mediation.choices import Level, Status
from linli.mediation.models import MediationCase
from linli.mediation.workbench import items
from linli.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_shows_every_stage_and_reminds_the_mediator_once():
    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=StringIO())
    wanted = {"地点与网格", "账号与角色", "人民调解"}
    steps = [build for label, build in builders() if label in wanted]
    assert len(steps) == 3
    for build in steps:
        build(ctx)
    assert set(MediationCase.objects.values_list("status", flat=True)) == set(Status.values)
    assert MediationCase.objects.filter(level=Level.COMMUNITY).count() == 1
    mediator = User.objects.get(phone="13800000018")
    assert Notification.objects.filter(recipient=mediator, kind="mediation.judicial_window").count() == 1
    titles = {i.title for i in items(mediator)}
    assert {"调解申请待受理", "我调解中的案件", "司法确认期限将至"} <= titles
    steps[-1](ctx)
    assert MediationCase.objects.count() == 8
