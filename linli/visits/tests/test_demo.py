"""The demo month: built through the services on top of the demo district, quick, and idempotent."""

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from linli.accounts.models import User
from linli.core import policy
from linli.core.demo import SCALES, DemoContext, builders
from linli.visits import rules, selectors
from linli.visits.alerts import care_alerts, care_tags_active
from linli.visits.choices import HazardStatus
from linli.visits.models import Hazard, Visit
from linli.workdays.selectors import get_calendar

pytestmark = pytest.mark.django_db


def test_demo_month_has_coverage_gaps_alerts_patrols_and_hazards(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=out)
    wanted = {"地点与网格", "账号与角色", "居民", "走访巡查"}  # the appeals demo is not needed here
    steps = [(label, build) for label, build in builders() if label in wanted]
    assert len(steps) == 4
    for _, build in steps:
        build(ctx)

    month = selectors.month_of()
    leader = User.objects.get(phone="13800000014")
    mine = selectors.coverage_total(user=leader, month=month)
    assert 0 < mine.visited < mine.total
    assert selectors.todo_count(user=leader, month=month) == 3
    desk = User.objects.get(phone="13800000005")
    share = selectors.coverage_total(user=desk, month=month).share
    assert 0.6 < share < 1
    # The ledger's 关爱对象 of the community were all contacted lately but two elders living alone.
    alerts = care_alerts(user=desk)
    assert len(alerts) == 2 and all("独居老人" in a.kinds for a in alerts)
    cared = policy.visible(desk, rules.VIEW_CARE_ALERT, care_tags_active(timezone.localdate()))
    assert cared.values("person").distinct().count() > 10
    assert Visit.objects.filter(appeal__isnull=False, appeal__channel="visit").count() == 1
    assert {h.status for h in Hazard.objects.all()} == set(HazardStatus.values)
    assert selectors.hazards_overdue(user=desk).count() == 1
    today = timezone.localdate()
    rows = selectors.patrol_compliance(
        user=desk, start=today - timedelta(days=14), end=today - timedelta(days=1), calendar=get_calendar()
    )
    for row in rows:
        assert row.result.missed_days == 1, row.grid.name
    assert {w.worker.phone for r in rows for w in r.workers} == {"13800000007", "13800000008"}

    counts = (Visit.objects.count(), Hazard.objects.count())
    steps[-1][1](ctx)
    assert (Visit.objects.count(), Hazard.objects.count()) == counts
    assert "走访记录已存在，跳过生成" in out.getvalue()
