"""The pages: a resident votes on their phone, staff create, open and close polls, enter paper ballots and
register areas; nobody reaches a poll outside their reach (404, like a missing one)."""

import pytest

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.votes.choices import Channel, PollStatus
from linli.votes.models import ExclusiveArea, Participation, Poll

from .factories import assembly_poll, opinion_poll, resident, staff

pytestmark = pytest.mark.django_db


def homes(world):
    return world.households[world.compound_a1.code]


def test_resident_sees_the_poll_waiting_for_their_vote_and_votes(world, client):
    poll = opinion_poll(world, staff(world))
    voter = resident(homes(world)[0])
    client.force_login(voter)
    html = client.get("/votes/").content.decode()
    assert "待投票" in html and poll.title in html
    detail = client.get(f"/votes/{poll.pk}/").content.decode()
    assert 'class="ballot"' in detail and "提交投票" in detail
    option = poll.options.get(label="反对")
    response = client.post(f"/votes/{poll.pk}/vote/", {"option": [option.pk]}, follow=True)
    html = response.content.decode()
    assert "投票成功" in html and "已于" in html and "提交投票" not in html
    assert Participation.objects.get(poll=poll).channel == Channel.ONLINE


def test_voting_twice_from_the_page_shows_a_chinese_message_and_counts_once(world, client):
    poll = opinion_poll(world, staff(world))
    client.force_login(resident(homes(world)[0]))
    option = poll.options.first()
    client.post(f"/votes/{poll.pk}/vote/", {"option": [option.pk]})
    response = client.post(f"/votes/{poll.pk}/vote/", {"option": [option.pk]}, follow=True)
    assert "该户已经投过票" in response.content.decode()
    assert Participation.objects.filter(poll=poll).count() == 1


def test_empty_or_foreign_choice_is_refused_without_a_500(world, client):
    poll = opinion_poll(world, staff(world))
    other = opinion_poll(world, staff(world), title="另一个")
    client.force_login(resident(homes(world)[0]))
    for data in ({}, {"option": ["x"]}, {"option": [other.options.first().pk]}):
        response = client.post(f"/votes/{poll.pk}/vote/", data, follow=True)
        assert response.status_code == 200
    assert not Participation.objects.exists()


def test_resident_of_another_compound_gets_404(world, client):
    poll = opinion_poll(world, staff(world))
    client.force_login(resident(world.households[world.compound_b1.code][0]))
    assert client.get(f"/votes/{poll.pk}/").status_code == 404
    assert client.post(f"/votes/{poll.pk}/vote/", {"option": [poll.options.first().pk]}).status_code == 404
    assert not Participation.objects.exists()


def test_staff_create_open_and_close_a_poll_from_the_pages(world, client):
    desk = staff(world)
    client.force_login(desk)
    form = client.get("/votes/new/").content.decode()
    assert world.compound_a1.code in form and world.compound_b1.code not in form
    response = client.post(
        "/votes/new/",
        {
            "kind": "opinion",
            "place": world.compound_a1.code,
            "title": "是否同意在3栋旁建充电棚",
            "options": "同意\n不同意",
            "choice_mode": "single",
            "voter_unit": "household",
            "hide_results": "on",
        },
        follow=True,
    )
    poll = Poll.objects.get()
    assert response.redirect_chain[-1][0] == f"/votes/{poll.pk}/"
    client.post(f"/votes/{poll.pk}/open/")
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN and poll.electors.count() == 3
    html = client.get(f"/votes/{poll.pk}/").content.decode()
    assert "本表决在投票结束后公布结果" in html
    client.post(f"/votes/{poll.pk}/close/")
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED


def test_bad_poll_form_shows_chinese_errors_and_saves_nothing(world, client):
    client.force_login(staff(world))
    response = client.post(
        "/votes/new/",
        {
            "kind": "opinion",
            "place": world.compound_a1.code,
            "title": "只有一个选项",
            "options": "同意",
            "choice_mode": "single",
            "voter_unit": "household",
        },
    )
    assert response.status_code == 200 and "请至少填写两个选项" in response.content.decode()
    assert not Poll.objects.exists()


def test_staff_enter_a_paper_ballot_and_the_entry_is_listed_with_their_name(world, client):
    desk = staff(world)
    poll = opinion_poll(world, desk)
    elector = poll.electors.first()
    client.force_login(desk)
    response = client.post(
        f"/votes/{poll.pk}/paper/", {"elector": elector.pk, "option": [poll.options.first().pk]}, follow=True
    )
    html = response.content.decode()
    assert "已录入" in html and desk.name in html
    assert Participation.objects.get(poll=poll).cast_by == desk


def test_resident_cannot_open_staff_pages(world, client):
    poll = opinion_poll(world, staff(world))
    client.force_login(resident(homes(world)[0]))
    assert client.get("/votes/new/").status_code == 403
    assert client.post(f"/votes/{poll.pk}/close/").status_code == 403
    assert client.get(f"/votes/{poll.pk}/paper/").status_code == 403
    assert Poll.objects.get().status == PollStatus.OPEN


def test_owners_assembly_result_page_explains_each_ratio(world, client):
    desk = staff(world)
    poll = assembly_poll(world, desk)
    for home in homes(world)[:2]:
        client.force_login(resident(home))
        client.post(f"/votes/{poll.pk}/vote/", {"option": [poll.options.get(label="同意").pk]})
    client.force_login(desk)
    client.post(f"/votes/{poll.pk}/close/")
    html = client.get(f"/votes/{poll.pk}/").content.decode()
    assert "参与表决专有部分面积占比：210.50㎡ ÷ 270.75㎡ = 77.75%，须不低于三分之二，达到。" in html
    assert "表决通过" in html


def test_staff_register_areas_for_a_compound(world, client):
    desk = staff(world)
    client.force_login(desk)
    home = homes(world)[0]
    response = client.post(
        f"/votes/areas/{world.compound_a1.code}/", {f"area_{home.pk}": "88.6"}, follow=True
    )
    assert "已保存 1 户" in response.content.decode()
    assert str(ExclusiveArea.objects.get(household=home).area) == "88.60"
    bad = client.post(f"/votes/areas/{world.compound_a1.code}/", {f"area_{home.pk}": "-3"})
    assert "面积须大于 0" in bad.content.decode()
    assert str(ExclusiveArea.objects.get(household=home).area) == "88.60"
    other = user_with_role(Role.COMMUNITY_WORKER, place=world.community_b)
    client.force_login(other)
    assert client.get(f"/votes/areas/{world.compound_a1.code}/").status_code == 404
