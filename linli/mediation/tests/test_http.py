"""Pages and the JSON API: parties masked on lists, the whole flow through HTTP, the archive, scope (404
outside), Chinese errors as 400."""

import io
import zipfile

import pytest

from linli.audit.models import AccessEntry
from linli.mediation.choices import Status
from linli.mediation.models import MediationCase

from .factories import Team, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    return Team(world)


def test_list_masks_party_names(client, team):
    register(team)
    client.force_login(team.street)
    page = client.get("/mediation/").content.decode()
    assert "张*明" in page and "李*兰" in page and "张建明" not in page


def test_out_of_scope_case_is_404_on_page_api_and_archive(client, team):
    case = register(team)
    client.force_login(team.other_mediator)
    assert client.get(f"/mediation/{case.pk}/").status_code == 404
    assert client.get(f"/api/mediation/cases/{case.pk}").status_code == 404
    assert client.get(f"/mediation/{case.pk}/archive/").status_code == 404
    assert client.post(f"/mediation/{case.pk}/accept/").status_code == 404
    assert client.get("/api/mediation/cases").json() == []
    assert MediationCase.objects.get(pk=case.pk).status == Status.REGISTERED


def test_resident_cannot_open_mediation(client, world):
    from linli.core.roles import Role
    from linli.places.tests.factories import user_with_role

    client.force_login(user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0]))
    assert client.get("/mediation/").status_code == 403


def test_mediator_runs_a_case_through_the_api(client, team):
    client.force_login(team.mediator)
    created = client.post(
        "/api/mediation/cases",
        {
            "compound": team.world.compound_a1.code,
            "title": "装修噪音",
            "dispute_type": "neighbour",
            "origin": "initiative",
            "facts": "周末清晨装修噪音扰民",
            "parties": [
                {"role": "other", "name": "王小二"},
                {"role": "other", "name": "赵大海", "phone": "13800001111"},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]

    def act(action, **body):
        return client.post(
            f"/api/mediation/cases/{pk}/{action}",
            body,
            content_type="application/json",
        )

    assert act("accept").json()["status"] == "mediating"
    bad = act("session", held_at="不是时间", location="议事厅", attendees="双方", record="笔录")
    assert bad.status_code == 400 and "调解时间" in bad.json()["detail"]
    assert (
        act(
            "session", held_at="2020-01-01T09:00", location="议事厅", attendees="双方", record="双方同意"
        ).status_code
        == 200
    )
    assert act("draft", text="装修时间限定为 8:00—12:00、14:00—18:00").json()["status"] == "signing"
    detail = client.get(f"/api/mediation/cases/{pk}").json()
    assert detail["missing_signatures"] == [
        "其他当事人王小二签名",
        "其他当事人赵大海签名",
        "调解员签名",
        "调委会盖章",
    ]
    assert detail["parties"][1]["phone"] == "138****1111"
    for p in detail["parties"]:
        act("sign", signer="party", party=str(p["id"]))
    act("sign", signer="mediator")
    done = act("sign", signer="seal").json()
    assert done["status"] == "resolved" and "调解成功" in done["detail"]
    assert act("fail", advice="litigation", note="x").status_code == 409
    assert act("nonsense").status_code == 404


def test_archive_is_one_zip_with_summary_records_and_agreement_and_is_audited(client, team):
    from linli.mediation import services

    case = services.case_accept(actor=team.mediator, case=register(team))
    case = services.oral_agreement_record(actor=team.mediator, case=case, text="502 室赔偿 800 元")
    client.force_login(team.secretary)
    response = client.get(f"/mediation/{case.pk}/archive/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert set(names) == {"案卷摘要.txt", "调解协议书.txt", "案件流程记录.csv"}
    summary = zipfile.ZipFile(io.BytesIO(response.content)).read("案卷摘要.txt").decode()
    assert "张建明" in summary and "13912345678" in summary and "司法确认申请期限" in summary
    entry = AccessEntry.objects.get(object_type="调解案卷")
    assert entry.actor == team.secretary and "张建明" not in entry.object_label


def test_stats_page_shows_the_share(client, team):
    client.force_login(team.street)
    page = client.get("/mediation/stats/?year=2026")
    assert page.status_code == 200 and "矛盾不出小区" in page.content.decode()
    assert client.get("/api/mediation/stats?by=street").status_code == 200
    assert client.get("/api/mediation/stats?by=galaxy").status_code == 400


def test_registration_form_reports_errors_in_chinese(client, team):
    client.force_login(team.mediator)
    page = client.post(
        "/mediation/new/",
        {
            "compound": team.world.compound_a1.code,
            "title": "噪音",
            "dispute_type": "neighbour",
            "origin": "application",
            "facts": "x",
            "party_role": ["applicant"],
            "party_name": ["张三"],
            "party_phone": [""],
            "party_address": [""],
        },
    )
    assert page.status_code == 200 and "至少有两方当事人" in page.content.decode()
    assert not MediationCase.objects.exists()


def test_archive_downloads_are_rate_limited_and_a_refusal_is_not_audited(client, team, settings):
    settings.LINLI_EXPORT_PER_HOUR = 1
    case = register(team)
    client.force_login(team.secretary)
    assert client.get(f"/mediation/{case.pk}/archive/").status_code == 200
    audited = AccessEntry.objects.count()
    refused = client.get(f"/mediation/{case.pk}/archive/")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "操作过于频繁，请于" in refused.content.decode()
    assert AccessEntry.objects.count() == audited  # nothing exported, nothing recorded
