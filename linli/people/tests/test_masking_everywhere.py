"""Masking sweep: every page and API answer outside the ledger that shows residents' 身份证号 or phone
numbers shows them masked by default (linli.core.masking), and the full value does not appear."""

import pytest
from django.urls import reverse

from linli.appeals.models import Category
from linli.appeals.services.intake import appeal_submit
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core import masking
from linli.core.roles import Role
from linli.open311.representations import mask
from linli.places.tests.factories import user_with_role

from .conftest import ID_A, MOBILE_A

pytestmark = pytest.mark.django_db
REPORTER_PHONE = "13912340000"


@pytest.fixture
def appeal(ledger):
    if not Category.objects.exists():
        load_default_taxonomy(Category)
    desk = ledger["community"]
    return appeal_submit(
        actor=desk,
        channel="on_behalf",
        text="楼道声控灯坏了，晚上看不清台阶",
        place=ledger["home"],
        reporter_name="王阿姨",
        reporter_phone=REPORTER_PHONE,
    )


def test_appeal_page_shows_the_reporter_phone_masked(client, ledger, appeal):
    client.force_login(ledger["community"])
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "139****0000" in page and REPORTER_PHONE not in page


def test_appeal_api_shows_the_reporter_phone_masked(client, ledger, appeal):
    client.force_login(ledger["community"])
    response = client.get(f"/api/appeals/{appeal.pk}")
    assert response.json()["reporter"]["phone_masked"] == "139****0000"
    assert REPORTER_PHONE not in response.content.decode()


def test_open311_free_text_masks_numbers_like_the_rest_of_the_platform():
    text = f"我的电话{MOBILE_A}，身份证{ID_A}"
    masked = mask(text)
    assert masking.mask_mobile(MOBILE_A) in masked and masking.mask_id_number(ID_A) in masked
    assert MOBILE_A not in masked and ID_A not in masked


def test_visit_form_names_residents_without_their_numbers(client, ledger):
    leader = user_with_role(Role.STAIRWELL_LEADER, place=ledger["unit"])
    client.force_login(leader)
    page = client.get(reverse("visits:record", args=[ledger["home"].code])).content.decode()
    assert "张三明" in page and MOBILE_A not in page and ID_A not in page


def test_places_household_page_shows_no_identity_numbers(client, ledger):
    client.force_login(ledger["grid_worker"])
    page = client.get(reverse("places:detail", args=[ledger["home"].code])).content.decode()
    assert "张三明" in page and MOBILE_A not in page and ID_A not in page


def test_audit_viewer_names_fields_never_values(client, ledger):
    client.force_login(ledger["grid_worker"])
    client.post(reverse("people:reveal", args=[ledger["zhang"].pk]), {"reason": "核实身份信息"})
    client.force_login(ledger["auditor"])
    page = client.get(reverse("audit:entries")).content.decode()
    assert "身份证号、手机号" in page and ID_A not in page and MOBILE_A not in page
