"""The JSON API: staff create/open/close, residents vote, errors are JSON with a Chinese detail."""

import pytest

from linli.votes.models import Participation, Poll

from .factories import assembly_poll, opinion_poll, resident, staff

pytestmark = pytest.mark.django_db


def homes(world):
    return world.households[world.compound_a1.code]


def test_staff_create_open_and_close_a_poll_through_the_api(world, client):
    client.force_login(staff(world))
    created = client.post(
        "/api/votes/",
        {
            "place": world.compound_a1.code,
            "title": "小区改造方案",
            "options": ["方案一", "方案二"],
            "secret": True,
            "subject_label": "议题：小区改造",
            "subject_url": "/deliberation/topics/1/",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    poll_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["subject_url"] == "/deliberation/topics/1/"
    opened = client.post(f"/api/votes/{poll_id}/open")
    assert opened.json()["status"] == "open" and opened.json()["eligible"] == 3
    closed = client.post(f"/api/votes/{poll_id}/close")
    assert closed.json()["status"] == "closed"


def test_resident_votes_once_through_the_api_and_second_try_is_409(world, client):
    poll = opinion_poll(world, staff(world))
    client.force_login(resident(homes(world)[0]))
    assert [p["id"] for p in client.get("/api/votes/awaiting").json()] == [poll.pk]
    option = poll.options.first().pk
    first = client.post(
        f"/api/votes/{poll.pk}/ballot", {"option_ids": [option]}, content_type="application/json"
    )
    assert first.status_code == 201
    second = client.post(
        f"/api/votes/{poll.pk}/ballot", {"option_ids": [option]}, content_type="application/json"
    )
    assert second.status_code == 409 and "已经投过票" in second.json()["detail"]
    assert Participation.objects.filter(poll=poll).count() == 1
    detail = client.get(f"/api/votes/{poll.pk}").json()
    assert detail["voted_by_me"] and not detail["can_vote"] and detail["voted"] == 1


def test_assembly_detail_explains_the_result_in_chinese(world, client):
    desk = staff(world)
    poll = assembly_poll(world, desk)
    client.force_login(desk)
    closed = client.post(f"/api/votes/{poll.pk}/close").json()
    assert closed["outcome"] == "no_quorum"
    assert closed["explanation"][0].startswith("参与表决专有部分面积占比：0.00㎡ ÷ 270.75㎡ = 0.00%")


def test_api_refuses_outsiders_and_bad_input(world, client):
    poll = opinion_poll(world, staff(world))
    client.force_login(resident(world.households[world.compound_b1.code][0]))
    assert client.get(f"/api/votes/{poll.pk}").status_code == 404
    response = client.post(
        "/api/votes/", {"place": world.compound_a1.code, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    client.force_login(staff(world))
    bad = client.post(
        "/api/votes/",
        {"place": world.compound_a1.code, "title": "x", "options": ["a"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["detail"] == "请至少填写两个选项。"
    assert Poll.objects.count() == 1


def test_api_hides_counts_until_close_when_the_poll_says_so(world, client):
    desk = staff(world)
    poll = opinion_poll(world, desk, hide_results=True)
    client.force_login(resident(homes(world)[0]))
    option = poll.options.first().pk
    client.post(f"/api/votes/{poll.pk}/ballot", {"option_ids": [option]}, content_type="application/json")
    detail = client.get(f"/api/votes/{poll.pk}").json()
    assert detail["results_hidden"] and detail["voted"] == 1
    assert all(o["count"] is None for o in detail["options"])
    client.force_login(desk)
    closed = client.post(f"/api/votes/{poll.pk}/close").json()
    assert [o["count"] for o in closed["options"]] == [1, 0, 0]
