"""查看完整信息 (permission, reason, rate limit, audit entry), the household page (members now and
before, 出租房, 喜事丧事, 登记新居民) and the 四必掌握 lists, through HTTP."""

import pytest
from django.test import override_settings
from django.urls import reverse

from linli.audit.models import AccessEntry, Action
from linli.people.models import Occasion, Person, Tag, TagAssignment

from .conftest import ID_A, MOBILE_A

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_grid_worker_sees_the_full_values_once_with_a_reason_and_it_is_audited(client, ledger):
    zhang = ledger["zhang"]
    client.force_login(ledger["grid_worker"])
    url = reverse("people:reveal", args=[zhang.pk])
    response = client.post(url, {"reason": "核实低保申请材料"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert ID_A in body and MOBILE_A in body and "已记入审计日志" in body
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    entry = AccessEntry.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (
        ledger["grid_worker"],
        Action.REVEAL,
        "核实低保申请材料",
    )
    assert entry.fields == "身份证号、手机号" and ID_A not in entry.object_label
    # The person page itself still shows only masked values.
    page = client.get(reverse("people:person", args=[zhang.pk])).content.decode()
    assert ID_A not in page and "查看完整信息" in page


def test_auditor_sees_the_reveal_entry(client, ledger):
    client.force_login(ledger["grid_worker"])
    client.post(reverse("people:reveal", args=[ledger["zhang"].pk]), {"reason": "上门核实身份"}, **HTMX)
    client.force_login(ledger["auditor"])
    page = client.get(reverse("audit:entries")).content.decode()
    assert "上门核实身份" in page and ID_A not in page


def test_revealing_without_a_reason_is_refused_and_not_recorded(client, ledger):
    client.force_login(ledger["grid_worker"])
    response = client.post(reverse("people:reveal", args=[ledger["zhang"].pk]), {"reason": " "}, **HTMX)
    assert response.status_code == 400 and "请填写查看事由" in response.content.decode()
    assert ID_A not in response.content.decode()
    assert not AccessEntry.objects.exists()


def test_an_informant_may_not_reveal_and_gets_a_chinese_403(client, ledger):
    client.force_login(ledger["informant"])
    page = client.get(reverse("people:person", args=[ledger["zhang"].pk])).content.decode()
    assert "查看完整信息" not in page
    response = client.post(reverse("people:reveal", args=[ledger["zhang"].pk]), {"reason": "想看看"}, **HTMX)
    assert response.status_code == 403 and "没有查看完整身份证号和手机号的权限" in response.content.decode()
    assert ID_A not in response.content.decode() and not AccessEntry.objects.exists()


def test_revealing_outside_scope_is_a_404(client, ledger):
    client.force_login(ledger["informant"])
    assert (
        client.post(reverse("people:reveal", args=[ledger["li"].pk]), {"reason": "核实"}).status_code == 404
    )


@override_settings(LINLI_REVEAL_PER_HOUR=2)
def test_the_hourly_limit_stops_further_reveals_with_a_chinese_message(client, ledger):
    client.force_login(ledger["grid_worker"])
    url = reverse("people:reveal", args=[ledger["zhang"].pk])
    for _ in range(2):
        assert client.post(url, {"reason": "核实"}, **HTMX).status_code == 200
    refused = client.post(url, {"reason": "核实"}, **HTMX)
    assert refused.status_code == 400 and "一小时内查看完整个人信息已达 2 次上限" in refused.content.decode()
    assert ID_A not in refused.content.decode() and AccessEntry.objects.count() == 2


def test_reveal_without_javascript_answers_a_whole_page(client, ledger):
    client.force_login(ledger["grid_worker"])
    response = client.post(reverse("people:reveal", args=[ledger["zhang"].pk]), {"reason": "核实身份"})
    assert response.status_code == 200 and "返回居民页面" in response.content.decode()


def test_registering_a_resident_on_the_household_page(client, ledger):
    home = ledger["home"]
    client.force_login(ledger["informant"])
    bad = client.post(
        reverse("people:register", args=[home.code]),
        {
            "name": "王小红",
            "gender": "F",
            "mobile": "12345",
            "relation": "child",
            "residence_type": "resident",
        },
    )
    assert bad.status_code == 400 and "手机号码无效" in bad.content.decode()
    assert not Person.objects.filter(name="王小红").exists()
    dup = client.post(
        reverse("people:register", args=[home.code]),
        {"name": "张三", "id_number": ID_A, "relation": "child", "residence_type": "resident"},
    )
    assert dup.status_code == 409 and "该身份证号已登记" in dup.content.decode()
    good = client.post(
        reverse("people:register", args=[home.code]),
        {
            "name": "王小红",
            "gender": "F",
            "mobile": "13700001111",
            "relation": "child",
            "residence_type": "resident",
        },
    )
    person = Person.objects.get(name="王小红")
    assert good.status_code == 302 and good["Location"] == reverse("people:person", args=[person.pk])
    assert "13700001111" not in good["Location"]


def test_household_page_records_occasions_and_rented_homes(client, ledger):
    home = ledger["home"]
    client.force_login(ledger["informant"])
    empty = client.post(
        reverse("people:occasion", args=[home.code]), {"kind": "happy", "title": " ", "on": "2025-05-01"}
    )
    assert empty.status_code == 400 and "errorlist" in empty.content.decode()
    assert not Occasion.objects.exists()
    client.post(
        reverse("people:occasion", args=[home.code]),
        {"kind": "happy", "title": "孩子满月", "on": "2025-05-01"},
    )
    rented = Tag.objects.get(code="rented")
    client.post(
        reverse("people:household_tag_add", args=[home.code]), {"tag": rented.pk, "since": "2025-01-01"}
    )
    assert TagAssignment.objects.filter(household=home, tag=rented, until__isnull=True).exists()
    page = client.get(reverse("people:household", args=[home.code])).content.decode()
    assert "孩子满月" in page and "出租房" in page and "张三明" in page


def test_four_musts_for_my_stairwell_and_not_the_next(client, ledger):
    from linli.people import services

    home = ledger["home"]
    services.occasion_record(
        actor=ledger["community"], household=home, kind="sad", title="老人过世", on=_today()
    )
    services.tag_add(
        actor=ledger["community"],
        tag=Tag.objects.get(code="employed_member"),
        person=ledger["zhang"],
        since=_today(),
    )
    services.tag_add(
        actor=ledger["community"],
        tag=Tag.objects.get(code="rented"),
        household=ledger["next_home"],
        since=_today(),
    )
    client.force_login(ledger["informant"])
    page = client.get(reverse("people:four_musts"), {"place": ledger["unit"].code}).content.decode()
    assert "老人过世" in page and "张三明" in page and "2单元" not in page
    assert client.get(reverse("people:four_musts"), {"place": ledger["next_unit"].code}).status_code == 404
    client.force_login(ledger["grid_worker"])
    by_grid = client.get(
        reverse("people:four_musts"), {"grid": ledger["world"].micro_a1.code}
    ).content.decode()
    assert "老人过世" in by_grid and "出租房" in by_grid


def test_places_household_page_links_members_to_the_ledger(client, ledger):
    client.force_login(ledger["informant"])
    page = client.get(reverse("places:detail", args=[ledger["home"].code])).content.decode()
    assert reverse("people:person", args=[ledger["zhang"].pk]) in page
    assert reverse("people:household", args=[ledger["home"].code]) in page
    assert ID_A not in page and MOBILE_A not in page


def _today():
    from django.utils import timezone

    return timezone.localdate()
