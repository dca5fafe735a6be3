"""Dashboards: every figure against hand-computed values on the test world, drill-down links, filters,
scope (a 社区 dashboard never counts another 社区), and ECharts served as a static file."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.appeals.choices import Channel, Status
from linli.appeals.models import Appeal
from linli.core.roles import Role
from linli.dashboards import refresh, selectors
from linli.dashboards.selectors import Filters
from linli.places.tests.factories import user_with_role
from linli.visits.services import visit_record

pytestmark = pytest.mark.django_db


def _appeal(place, *, status=Status.SUBMITTED, channel=Channel.SELF_SERVICE, days_ago=0, **kw):
    appeal = Appeal.objects.create(
        number=f"T{Appeal.objects.count() + 1:05d}",
        title="楼道灯坏了",
        text="楼道灯坏了",
        place=place,
        place_code=place.code,
        status=status,
        channel=channel,
        **kw,
    )
    Appeal.objects.filter(pk=appeal.pk).update(submitted_at=timezone.now() - timedelta(days=days_ago))
    return appeal


@pytest.fixture
def data(world):
    a1, a2, b1 = (
        world.households[c.code][0] for c in (world.compound_a1, world.compound_a2, world.compound_b1)
    )
    now = timezone.now()
    _appeal(a1, status=Status.RATED, satisfaction="satisfied", closed_at=now, reply="已修好")
    _appeal(a1, status=Status.CLOSED, closed_at=now, channel=Channel.HOTLINE, reply="已修好")
    _appeal(a2, status=Status.IN_PROGRESS, handle_due=now - timedelta(days=1))
    _appeal(a2, status=Status.INVALID)
    _appeal(b1, status=Status.SUBMITTED)
    _appeal(a1, status=Status.SUBMITTED, days_ago=400)  # outside the period
    worker = user_with_role(Role.GRID_WORKER, grid=world.grid_a1)
    for home in world.households[world.compound_a1.code][:2]:
        visit_record(actor=worker, household=home, kind="monthly", outcome="met")
    refresh.refresh(full=True)
    return world


def _period():
    today = timezone.localdate()
    return Filters(start=today - timedelta(days=30), end=today)


def test_appeal_counts_and_rates_match_hand_counts(data):
    world = data
    counts = selectors.appeal_counts(world.community_a, _period())
    assert (counts.submitted, counts.closed, counts.rated, counts.satisfied) == (3, 2, 1, 1)
    rates = {r.key: r for r in selectors.appeal_rates(world.community_a, _period())}
    assert (rates["closure"].numerator, rates["closure"].denominator) == (2, 3)
    assert rates["satisfaction"].value == 1.0
    assert selectors.appeal_counts(world.community_b, _period()).submitted == 1
    assert selectors.appeal_counts(world.street, _period()).submitted == 4
    channels = dict(selectors.appeal_breakdown(world.community_a, _period(), "channel"))
    assert channels == {"居民自助": 2, "12345热线": 1}


def test_snapshot_figures_match_hand_counts(data):
    world = data
    figs = {f.key: f for f in selectors.figures(world.community_a, _period())}
    assert figs["households"].value == 6 and figs["residents"].value == 12
    assert (figs["visit_coverage"].numerator, figs["visit_coverage"].denominator) == (2, 6)
    assert figs["visit_coverage"].shown == "33.3%"
    assert (
        figs["appeals_open"].value == 2 and figs["appeals_overdue"].value == 1
    )  # incl. the one from last year
    assert selectors.figures(world.community_b, _period())[0].key == "appeals_open"
    assert {f.key: f.value for f in selectors.figures(world.community_b, _period())}["households"] == 3


def test_a_compound_type_filter_sums_only_matching_compounds(data):
    world = data
    old = Filters(start=_period().start, end=_period().end, kind="old")  # only 春晖花园 is 老旧小区
    assert selectors.appeal_counts(world.community_a, old).submitted == 2
    figs = {f.key: f for f in selectors.figures(world.community_a, old)}
    assert figs["households"].value == 3 and figs["visit_coverage"].value == Decimal(200) / 3
    kids = selectors.children(world.community_a, old)
    assert [k.place for k in kids] == [world.compound_a1]


def test_the_page_drills_down_and_explains_its_figures(client, data):
    world = data
    client.force_login(user_with_role(Role.STREET_OFFICIAL, place=world.street))
    page = client.get(reverse("dashboards:index"), follow=True)
    text = page.content.decode()
    assert page.status_code == 200 and "东风街道 · 驾驶舱" in text
    assert reverse("dashboards:node", args=[world.community_a.code]) in text  # a row per community
    assert "本月已走访到（见到本人或拒绝）的户数 ÷ 总户数" in text  # the formula of a figure
    assert "/static/vendor/echarts/echarts.min.js" in text and 'id="chart-children"' in text
    page = client.get(reverse("dashboards:node", args=[world.community_a.code]), {"period": "year"})
    text = page.content.decode()
    assert "春晖社区 · 驾驶舱" in text and reverse("dashboards:node", args=[world.compound_a1.code]) in text
    assert (
        client.get(
            reverse("dashboards:node", args=[world.community_a.code]), {"from": "x", "kind": "<b>"}
        ).status_code
        == 200
    )


def test_a_community_dashboard_never_shows_another_community(client, data):
    world = data
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    assert client.get(reverse("dashboards:node", args=[world.community_b.code])).status_code == 404
    assert client.get(reverse("dashboards:node", args=[world.street.code])).status_code == 404
    page = client.get(reverse("dashboards:index"), follow=True)
    assert "春晖社区 · 驾驶舱" in page.content.decode()
    client.force_login(user_with_role(Role.GRID_WORKER, grid=world.grid_a1))
    assert client.get(reverse("dashboards:index")).status_code == 403


def test_echarts_is_served_from_the_npm_package(client, data):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/echarts/echarts.min.js"), "run npm ci (scripts/test.sh does)"


def test_rates_by_month_follow_the_counts(data):
    world = data
    series = selectors.rate_series(world.community_a, _period())
    assert len(series["labels"]) in (1, 2)  # the last 30 days span one or two months
    by_name = {s["name"]: s["data"] for s in series["series"]}
    assert set(by_name) == {"响应率", "按期办结率", "满意率"}
    assert 100.0 in by_name["满意率"]  # the one rated appeal was satisfied
