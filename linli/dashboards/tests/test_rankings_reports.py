"""Rankings, 红黑榜, the "1136" rhythm and the reports (xlsx opened and checked, PDF text extracted)."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from linli.appeals.models import Appeal
from linli.core import masking
from linli.core.exceptions import DomainError
from linli.core.roles import Role
from linli.core.validators import build_id_number
from linli.dashboards import rankings, refresh, steering
from linli.dashboards.models import SteeringEvent
from linli.dashboards.selectors import Filters
from linli.people.models import Person
from linli.places.tests.factories import user_with_role

from .test_dashboards import data  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    return Filters(start=today - timedelta(days=30), end=today)


def test_compounds_are_ranked_by_weighted_indicators(data):  # noqa: F811
    world = data
    ranked, spec = rankings.rank(world.community_a, _period())
    assert spec == [("rate:closure", 35), ("rate:satisfaction", 35), ("visit_coverage", 30)]  # 小区 defaults
    by_place = {r.place: r for r in ranked}
    a1, a2 = by_place[world.compound_a1], by_place[world.compound_a2]
    # 春晖花园: closure 2/2, satisfaction 1/1, coverage 2/3 → with weights 35/35/30 (小区 level):
    # (35 + 35 + 30 × 2/3) / 100 = 90.0
    assert a1.score == 90 and a1.rank == 1
    # 春晖雅苑: closure 0/1, no ratings (left out), coverage 0/3 → 0 of 65
    assert a2.score == 0 and a2.rank == 2
    red, black = rankings.red_black(ranked)
    assert red == [a1] and black == [a2]
    assert rankings.candidates(ranked) == [a1]


def test_the_1136_schedule_has_thirty_events_a_year_and_shows_the_overdue(data):  # noqa: F811
    world = data
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    year = timezone.localdate().year
    assert steering.schedule_year(actor=secretary, place=world.community_a, year=year) == 30
    assert steering.schedule_year(actor=secretary, place=world.community_a, year=year) == 0
    events = SteeringEvent.objects.filter(place=world.community_a)
    january = events.filter(due=date(year, 1, 31)).order_by("kind")
    assert [e.kind for e in january] == ["dispatch", "onsite"]
    with pytest.raises(DomainError, match="记录"):
        steering.record(actor=secretary, event=january[0], held_on=date(year, 1, 20), text="开了")
    steering.record(
        actor=secretary, event=january[0], held_on=date(year, 1, 20), text="调度一月诉求办理情况。"
    )
    overdue = steering.overdue(events, today=date(year, 2, 1))
    assert list(overdue) == [january[1]]


def test_reports_open_and_contain_the_figures(client, data):  # noqa: F811
    world = data
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    today = timezone.localdate()
    response = client.get(reverse("dashboards:report", args=[world.community_a.code, "xlsx"]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["概览", "诉求三率", "下级对比"]
    rows = {r[0]: r for r in wb["概览"].iter_rows(min_row=5, values_only=True)}
    assert rows["受理诉求"][1] == 3 and rows["本月走访覆盖率"][2:4] == (2, 6)
    kids = list(wb["下级对比"].iter_rows(min_row=2, values_only=True))
    assert [k[0] for k in kids] == ["春晖花园", "春晖雅苑"] and kids[0][5] == 1
    response = client.get(
        reverse("dashboards:report", args=[world.community_a.code, "pdf"]), {"kind": "quarter"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    quarter = (today.month - 1) // 3 + 1
    assert f"春晖社区{today.year}年第{quarter}季度工作报告" in text.replace(" ", "")
    assert "按期办结率" in text and "春晖花园" in text
    assert (
        client.get(
            reverse("dashboards:report", args=[world.community_a.code, "pdf"]), {"n": "13"}
        ).status_code
        == 404
    )
    assert client.get(reverse("dashboards:report", args=[world.community_b.code, "xlsx"])).status_code == 404


def test_reports_name_no_resident_and_carry_no_phone_or_identity_number_full_or_masked(client, data):  # noqa: F811
    world = data
    id_number = build_id_number(region="430602", birth_date=date(1958, 3, 7), sequence=123)
    Appeal.objects.create(
        number="T09999",
        title="楼道堆物",
        text=f"楼道堆满杂物，我电话13912345678，身份证{id_number}",
        place=world.households[world.compound_a1.code][0],
        place_code=world.households[world.compound_a1.code][0].code,
        reporter_name="欧阳建国",
        reporter_phone="13912345678",
    )
    refresh.refresh(full=True)
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    from pypdf import PdfReader

    pdf = client.get(reverse("dashboards:report", args=[world.community_a.code, "pdf"]))
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboards:report", args=[world.community_a.code, "xlsx"])).content)
    )
    xlsx_text = " ".join(
        str(v) for ws in workbook for row in ws.iter_rows(values_only=True) for v in row if v is not None
    )
    secrets = ["欧阳建国", masking.mask_name("欧阳建国"), "13912345678", masking.mask_mobile("13912345678")]
    secrets += [id_number, masking.mask_id_number(id_number)]
    residents = list(Person.objects.values_list("name", flat=True))
    assert residents  # the test world's ledger: none of them may be named
    secrets += residents + ["101室"]
    for text in (pdf_text.replace(" ", ""), xlsx_text):
        assert "春晖花园" in text  # the report is there, with its places and figures
        assert [s for s in secrets if s in text] == []


def test_rankings_and_steering_pages(client, data):  # noqa: F811
    world = data
    client.force_login(user_with_role(Role.STREET_OFFICIAL, place=world.street))
    text = client.get(reverse("dashboards:rankings", args=[world.street.code])).content.decode()
    assert "红榜" in text and "黑榜" in text and "春晖社区" in text
    page = client.post(
        reverse("dashboards:steering", args=[world.street.code]), {"action": "schedule"}, follow=True
    )
    assert "已安排" in page.content.decode()
    refresh.refresh()
