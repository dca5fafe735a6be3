"""The ledger JSON API: masked list and detail, exact search by POST, audited reveal, 404 outside scope."""

import pytest

from linli.audit.models import AccessEntry

from .conftest import ID_A, ID_B, MOBILE_A, MOBILE_B

pytestmark = pytest.mark.django_db


def test_list_and_detail_are_always_masked(client, ledger):
    client.force_login(ledger["grid_worker"])
    listed = client.get("/api/people/")
    assert listed.status_code == 200
    body = listed.content.decode()
    assert ID_A not in body and MOBILE_A not in body and ID_B not in body and MOBILE_B not in body
    items = {i["name"]: i for i in listed.json()["items"]}
    assert items["张三明"]["mobile_masked"] == "138****5678"
    assert items["张三明"]["id_number_masked"] == ID_A[:3] + "*" * 11 + ID_A[-4:]
    detail = client.get(f"/api/people/{ledger['zhang'].pk}")
    assert detail.status_code == 200 and ID_A not in detail.content.decode()
    assert detail.json()["residencies"][0]["household"]["code"] == ledger["home"].code


def test_informant_gets_404_for_the_next_stairwell(client, ledger):
    client.force_login(ledger["informant"])
    assert [i["name"] for i in client.get("/api/people/").json()["items"]].count("李四芳") == 0
    missing = client.get(f"/api/people/{ledger['li'].pk}")
    assert missing.status_code == 404 and missing.json()["detail"] == "未找到该对象，或您无权查看。"
    assert (
        client.post(
            f"/api/people/{ledger['li'].pk}/reveal", {"reason": "核实"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_exact_search_is_a_post_and_a_number_in_the_url_is_refused(client, ledger):
    client.force_login(ledger["grid_worker"])
    found = client.post("/api/people/search", {"text": MOBILE_B}, content_type="application/json")
    assert [i["name"] for i in found.json()["items"]] == ["李四芳"]
    refused = client.get("/api/people/", {"q": ID_B})
    assert refused.status_code == 400 and "POST /api/people/search" in refused.json()["detail"]


def test_reveal_needs_a_reason_and_is_audited(client, ledger):
    client.force_login(ledger["grid_worker"])
    url = f"/api/people/{ledger['zhang'].pk}/reveal"
    empty = client.post(url, {"reason": ""}, content_type="application/json")
    assert empty.status_code == 400 and "事由" in empty.json()["detail"]
    assert not AccessEntry.objects.exists()
    shown = client.post(url, {"reason": "核实养老补贴"}, content_type="application/json")
    assert shown.json() == {"id_number": ID_A, "mobile": MOBILE_A}
    assert AccessEntry.objects.get().reason == "核实养老补贴"


def test_reveal_without_the_permission_is_403(client, ledger):
    client.force_login(ledger["informant"])
    response = client.post(
        f"/api/people/{ledger['zhang'].pk}/reveal", {"reason": "核实"}, content_type="application/json"
    )
    assert response.status_code == 403 and not AccessEntry.objects.exists()


def test_anonymous_callers_are_refused(client, ledger):
    assert client.get("/api/people/").status_code == 401
