"""The 居民台账 list and the person page through HTTP: scope, masking, search by 身份证号 without the
number ever reaching a URL, and the forms' Chinese errors."""

import pytest
from django.urls import reverse

from linli.people.models import Person, PersonEvent, Residency, Tag, TagAssignment

from .conftest import ID_A, ID_B, MOBILE_A

pytestmark = pytest.mark.django_db


def test_informant_sees_their_own_stairwell_and_not_the_next(client, ledger):
    client.force_login(ledger["informant"])
    page = client.get(reverse("people:ledger")).content.decode()
    assert "张三明" in page and "李四芳" not in page
    assert client.get(reverse("people:person", args=[ledger["li"].pk])).status_code == 404
    assert client.get(reverse("people:household", args=[ledger["next_home"].code])).status_code == 404
    assert client.get(reverse("people:ledger"), {"place": ledger["next_unit"].code}).status_code == 404


def test_ledger_and_person_page_show_identity_data_masked_only(client, ledger):
    client.force_login(ledger["community"])
    for url in (
        reverse("people:ledger"),
        reverse("people:person", args=[ledger["zhang"].pk]),
        reverse("people:household", args=[ledger["home"].code]),
        reverse("people:edit", args=[ledger["zhang"].pk]),
    ):
        page = client.get(url).content.decode()
        assert ID_A not in page and MOBILE_A not in page, url
    page = client.get(reverse("people:ledger")).content.decode()
    assert ID_A[:3] + "*" * 11 + ID_A[-4:] in page and "138****5678" in page


def test_search_by_id_number_is_posted_and_never_put_in_a_url(client, ledger):
    client.force_login(ledger["grid_worker"])
    response = client.post(reverse("people:ledger"), {"q": ID_B})
    assert response.status_code == 200
    page = response.content.decode()
    assert "李四芳" in page and "张三明" not in page
    assert ID_B not in page.replace(f'value="{ID_B}"', "")  # only echoed back in the search box
    by_mobile = client.post(reverse("people:ledger"), {"q": "138 1234 5678"}).content.decode()
    assert "张三明" in by_mobile and "李四芳" not in by_mobile
    # A number in a URL is not searched (an old or hand-made link).
    via_url = client.get(reverse("people:ledger"), {"q": ID_B}).content.decode()
    assert "张三明" in via_url and ID_B not in via_url


def test_a_name_search_redirects_to_a_plain_link_that_keeps_the_filters(client, ledger):
    client.force_login(ledger["grid_worker"])
    response = client.post(reverse("people:ledger"), {"q": "三明", "status": "current"})
    assert response.status_code == 302 and "q=%E4%B8%89%E6%98%8E" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "张三明" in page and "李四芳" not in page


def test_ledger_filters_by_tag_and_residence_type(client, ledger):
    tag = Tag.objects.get(code="living_alone")
    client.force_login(ledger["community"])
    client.post(reverse("people:tag_add", args=[ledger["li"].pk]), {"tag": tag.pk, "since": "2024-01-01"})
    page = client.get(reverse("people:ledger"), {"tag": "living_alone"}).content.decode()
    assert "李四芳" in page and "张三明" not in page and "独居老人" in page
    page = client.get(reverse("people:ledger"), {"type": "floating"}).content.decode()
    assert "没有符合条件的居民" in page


def test_ledger_list_costs_a_fixed_number_of_queries(client, ledger, django_assert_max_num_queries):
    client.force_login(ledger["community"])
    client.get(reverse("people:ledger"))
    with django_assert_max_num_queries(14):
        client.get(reverse("people:ledger"))


def test_editing_with_a_bad_id_number_shows_the_reason_and_changes_nothing(client, ledger):
    zhang = ledger["zhang"]
    client.force_login(ledger["informant"])
    bad = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")
    response = client.post(
        reverse("people:edit", args=[zhang.pk]),
        {"name": "张三明", "id_number": bad, "gender": "M", "relation": "head", "residence_type": "resident"},
    )
    assert response.status_code == 400
    assert "校验" in response.content.decode()
    assert Person.objects.get(pk=zhang.pk).id_number == ID_A
    assert not PersonEvent.objects.filter(person=zhang, kind="changed").exists()


def test_editing_leaves_identity_data_alone_when_left_empty(client, ledger):
    zhang = ledger["zhang"]
    client.force_login(ledger["informant"])
    response = client.post(
        reverse("people:edit", args=[zhang.pk]),
        {
            "name": "张三明",
            "gender": "M",
            "birth_date": "1958-03-07",
            "relation": "other",
            "residence_type": "floating",
        },
    )
    assert response.status_code == 302
    fresh = Person.objects.get(pk=zhang.pk)
    assert (fresh.id_number, fresh.mobile, fresh.residence_type) == (ID_A, MOBILE_A, "floating")
    event = PersonEvent.objects.get(person=zhang, kind="changed")
    assert event.fields == "居住类型" and ID_A not in event.note
    page = client.get(reverse("people:person", args=[zhang.pk])).content.decode()
    assert "修改：居住类型" in page


def test_nonsense_input_never_causes_a_server_error(client, ledger):
    zhang = ledger["zhang"]
    client.force_login(ledger["community"])
    for name, data in [
        ("edit", {"name": "", "birth_date": "昨天", "gender": "X", "relation": "?"}),
        ("move", {"household": "999", "on": "2024-13-40"}),
        ("move_out", {"on": ""}),
        ("tag_add", {"tag": "abc", "since": "x"}),
    ]:
        response = client.post(reverse(f"people:{name}", args=[zhang.pk]), data)
        assert response.status_code == 400, name
        assert "errorlist" in response.content.decode(), name
    assert (
        client.get(reverse("people:ledger"), {"page": "abc", "status": "x", "type": "y"}).status_code == 200
    )


def test_moving_out_keeps_the_history_and_a_future_date_is_refused(client, ledger):
    zhang = ledger["zhang"]
    client.force_login(ledger["informant"])
    refused = client.post(reverse("people:move_out", args=[zhang.pk]), {"on": "2999-01-01"})
    assert refused.status_code == 400 and "迁出日期不能晚于今天" in refused.content.decode()
    assert Person.objects.get(pk=zhang.pk).moved_out_on is None
    done = client.post(
        reverse("people:move_out", args=[zhang.pk]), {"on": "2025-06-01", "note": "随子女去外地"}
    )
    assert done.status_code == 302
    page = client.get(reverse("people:person", args=[zhang.pk])).content.decode()
    assert "已于 2025-06-01 迁出" in page and "至 2025-06-01" in page
    moved_out = client.get(reverse("people:ledger"), {"status": "moved_out"}).content.decode()
    assert "张三明" in moved_out
    household = client.get(reverse("people:household", args=[ledger["home"].code])).content.decode()
    assert "曾住成员" in household


def test_moving_to_another_household_of_the_compound(client, ledger):
    zhang, target = ledger["zhang"], ledger["world"].households[ledger["world"].compound_a1.code][1]
    client.force_login(ledger["informant"])
    response = client.post(
        reverse("people:move", args=[zhang.pk]), {"household": target.code, "on": "2025-05-01"}
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=zhang.pk).household == target
    assert Residency.objects.filter(person=zhang).count() == 2


def test_tags_are_added_and_ended_with_dates(client, ledger):
    zhang = ledger["zhang"]
    tag = Tag.objects.get(code="empty_nest")
    client.force_login(ledger["informant"])
    assert (
        client.post(
            reverse("people:tag_add", args=[zhang.pk]), {"tag": tag.pk, "since": "2024-02-01"}
        ).status_code
        == 302
    )
    again = client.post(reverse("people:tag_add", args=[zhang.pk]), {"tag": tag.pk, "since": "2024-03-01"})
    assert again.status_code == 409 and "已有未结束的“空巢老人”标签" in again.content.decode()
    assignment = TagAssignment.objects.get(person=zhang, tag=tag)
    early = client.post(reverse("people:tag_end", args=[assignment.pk]), {"until": "2023-01-01"}, follow=True)
    assert "结束日期不能早于起始日期" in early.content.decode()
    client.post(reverse("people:tag_end", args=[assignment.pk]), {"until": "2025-01-31"})
    assignment.refresh_from_db()
    assert str(assignment.until) == "2025-01-31"
    page = client.get(reverse("people:person", args=[zhang.pk])).content.decode()
    assert "2024-02-01" in page and "2025-01-31" in page


def test_a_resident_role_cannot_change_the_ledger(client, ledger):
    from linli.core.roles import Role
    from linli.places.tests.factories import user_with_role

    resident = user_with_role(Role.RESIDENT, place=ledger["home"])
    client.force_login(resident)
    assert client.get(reverse("people:edit", args=[ledger["zhang"].pk])).status_code == 403
    response = client.post(reverse("people:move_out", args=[ledger["zhang"].pk]), {"on": "2025-01-01"})
    assert response.status_code == 403
    assert Person.objects.get(pk=ledger["zhang"].pk).moved_out_on is None


def test_workbench_shows_residents_missing_an_id_number_and_the_link_lists_them(client, ledger):
    client.force_login(ledger["informant"])
    home = client.get("/").content.decode()
    assert "本月新登记居民" in home and "待补全身份证号" in home
    page = client.get(reverse("people:ledger"), {"missing": "id"}).content.decode()
    assert "居民1甲" in page and "张三明" not in page
