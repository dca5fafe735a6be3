"""Residents' rights (PIPL): a resident downloads their own data (audited, rate-limited), asks for deletion,
the community carries it out or refuses with a reason; moved-out residents are anonymised after the
retention period, never before and never while they live here."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from linli.audit.models import AccessEntry, Action
from linli.core.exceptions import DomainError
from linli.core.roles import Role
from linli.people import rights, services
from linli.people.choices import DeletionStatus, PersonEventKind
from linli.people.models import DeletionRequest, Person, Residency
from linli.places.tests.factories import user_with_role

from .conftest import ID_A, ID_B, MOBILE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(ledger):
    """张三明 has an account: the resident role on his own home."""
    user = user_with_role(Role.RESIDENT, place=ledger["home"], name="张三明")
    Person.objects.filter(pk=ledger["zhang"].pk).update(user=user)
    return user


def _moved_out(person, days_ago, actor):
    services.person_move_out(actor=actor, person=person, on=timezone.localdate() - timedelta(days=1))
    long_ago = timezone.localdate() - timedelta(days=days_ago)
    Person.objects.filter(pk=person.pk).update(moved_out_on=long_ago)
    return Person.objects.get(pk=person.pk)


def test_a_resident_downloads_their_own_data_in_full_and_it_is_audited(client, ledger, resident):
    client.force_login(resident)
    page = client.get(reverse("people:my_data")).content.decode()
    assert "我的个人信息" in page and ID_A not in page and "138****5678" in page
    response = client.post(reverse("people:my_data_download"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["居民登记"]["身份证号"] == ID_A and data["居民登记"]["手机号"] == MOBILE_A
    assert ID_B not in response.content.decode()  # another household's resident is not theirs
    entry = AccessEntry.objects.get(actor=resident, object_type="本人信息")
    assert entry.action == Action.EXPORT_FULL and "身份证号" in entry.fields and ID_A not in entry.reason


def test_downloads_are_limited_per_day(client, ledger, resident, settings):
    settings.LINLI_OWN_DATA_DOWNLOADS_PER_DAY = 2
    client.force_login(resident)
    for _ in range(2):
        assert client.post(reverse("people:my_data_download")).status_code == 200
    refused = client.post(reverse("people:my_data_download"), follow=True)
    assert "24小时内最多下载 2 次" in refused.content.decode()
    assert AccessEntry.objects.filter(actor=resident, object_type="本人信息").count() == 2


def test_an_account_without_a_ledger_record_gets_its_account_data_only(client, ledger):
    stranger = user_with_role(Role.RESIDENT, place=ledger["next_home"], name="王五")
    client.force_login(stranger)
    data = json.loads(client.post(reverse("people:my_data_download")).content)
    assert data["居民登记"] is None and data["平台账号"]["姓名"] == "王五"
    assert ID_A not in json.dumps(data, ensure_ascii=False) and ID_B not in json.dumps(
        data, ensure_ascii=False
    )
    response = client.post(reverse("people:my_data_delete"), {"reason": "请删除"}, follow=True)
    assert "没有与您账号关联的居民登记信息" in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_the_deletion_request_is_carried_out_by_the_community_as_anonymisation(client, ledger, resident):
    zhang = _moved_out(ledger["zhang"], 30, ledger["community"])
    client.force_login(resident)
    client.post(reverse("people:my_data_delete"), {"reason": "我已经搬走了"})
    again = client.post(reverse("people:my_data_delete"), {"reason": "再申请一次"}, follow=True)
    assert "已有一份待处理的删除申请" in again.content.decode()
    request = DeletionRequest.objects.get()
    assert request.status == DeletionStatus.PENDING

    outsider = user_with_role(Role.COMMUNITY_SECRETARY, place=ledger["world"].community_b)
    client.force_login(outsider)
    assert "我已经搬走了" not in client.get(reverse("people:deletion_requests")).content.decode()
    assert (
        client.post(
            reverse("people:deletion_answer", args=[request.pk]), {"decision": "carry_out"}
        ).status_code
        == 404
    )

    client.force_login(ledger["community"])
    listed = client.get(reverse("people:deletion_requests")).content.decode()
    assert "我已经搬走了" in listed and "张*明" in listed
    assert "待答复的个人信息删除申请" in client.get("/").content.decode()
    client.post(reverse("people:deletion_answer", args=[request.pk]), {"decision": "carry_out", "reply": ""})
    request.refresh_from_db()
    zhang.refresh_from_db()
    assert request.status == DeletionStatus.DONE and request.handled_by == ledger["community"]
    assert (zhang.name, zhang.id_number, zhang.mobile, zhang.id_number_hash, zhang.mobile_hash) == (
        rights.ANONYMOUS,
        "",
        "",
        "",
        "",
    )
    assert zhang.birth_date.month == 1 and zhang.birth_date.day == 1  # the year only
    assert zhang.user is None and not type(resident).objects.get(pk=resident.pk).is_active
    assert Residency.objects.filter(person=zhang).exists()  # the history stays
    assert zhang.events.filter(kind=PersonEventKind.ANONYMISED).exists()
    assert AccessEntry.objects.filter(
        actor=ledger["community"], action=Action.CHANGE, object_id=str(zhang.pk)
    ).exists()
    assert not Person.objects.filter(id_number_hash=services.id_number_hash(ID_A)).exists()
    again = client.post(
        reverse("people:deletion_answer", args=[request.pk]), {"decision": "refuse", "reply": "x"}
    )
    assert again.status_code == 302 and DeletionRequest.objects.get().status == DeletionStatus.DONE


def test_a_refusal_needs_a_reason_the_resident_then_sees(client, ledger, resident):
    client.force_login(resident)
    client.post(reverse("people:my_data_delete"), {"reason": "不想被登记"})
    request = DeletionRequest.objects.get()
    client.force_login(ledger["community"])
    silent = client.post(
        reverse("people:deletion_answer", args=[request.pk]), {"decision": "refuse"}, follow=True
    )
    assert "不予删除时须写明理由" in silent.content.decode()
    assert DeletionRequest.objects.get().status == DeletionStatus.PENDING
    # a current resident cannot be anonymised: the ledger needs them
    current = client.post(
        reverse("people:deletion_answer", args=[request.pk]), {"decision": "carry_out"}, follow=True
    )
    assert "该居民仍在册" in current.content.decode()
    assert DeletionRequest.objects.get().status == DeletionStatus.PENDING
    assert Person.objects.get(pk=ledger["zhang"].pk).name == "张三明"
    client.post(
        reverse("people:deletion_answer", args=[request.pk]),
        {"decision": "refuse", "reply": "您仍在本社区居住，依法需保留居民登记。"},
    )
    client.force_login(resident)
    assert "依法需保留居民登记" in client.get(reverse("people:my_data")).content.decode()


def test_moved_out_residents_are_anonymised_after_the_retention_period_only(ledger, settings):
    settings.LINLI_MOVED_OUT_RETENTION_DAYS = 365
    due = _moved_out(ledger["zhang"], 400, ledger["community"])
    recent = _moved_out(ledger["li"], 200, ledger["community"])
    current = services.person_create(
        actor=ledger["community"], household=ledger["home"], name="孙在住", gender="F"
    )

    out = io.StringIO()
    call_command("anonymise-moved-out", "--dry-run", stdout=out)
    assert "1 人（未修改）" in out.getvalue()
    assert Person.objects.get(pk=due.pk).name == "张三明"

    call_command("tick", stdout=io.StringIO())  # the worker's periodic job does it
    due.refresh_from_db()
    assert due.name == rights.ANONYMOUS and due.anonymised_at is not None and due.id_number == ""
    assert Person.objects.get(pk=recent.pk).name == "李四芳"
    assert Person.objects.get(pk=current.pk).name == "孙在住"
    assert rights.anonymise_moved_out() == 0  # idempotent
    assert rights.anonymise_person(person=due, reason="再来一次") is False
    with pytest.raises(DomainError, match="仍在册"):
        rights.anonymise_person(person=current, reason="误操作")
