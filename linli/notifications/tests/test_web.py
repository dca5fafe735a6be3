"""The inbox page, the unread badge in the top bar, and the workbench tile."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from linli.notifications.context_processors import notifications as unread_context
from linli.notifications.models import Notification
from linli.notifications.services import notification_mark_read, notify
from linli.notifications.views import PER_PAGE
from linli.places.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, title="新派单：楼道灯不亮", url="/places/"):
    (n,) = notify(recipients=[user], kind="appeal.dispatched", title=title, body="请及时签收。", url=url)
    return n


def test_inbox_shows_only_my_notifications_unread_first(client):
    me, other = UserFactory(), UserFactory()
    old = _notify(me, "旧的已读通知")
    notification_mark_read(user=me, notification=old)
    _notify(me, "新的未读通知")
    _notify(other, "别人的通知")
    client.force_login(me)
    response = client.get(reverse("notifications:inbox"))
    text = response.content.decode()
    assert response.status_code == 200 and "我的通知" in text and "全部标为已读" in text
    assert "别人的通知" not in text
    assert text.index("新的未读通知") < text.index("旧的已读通知")


def test_inbox_is_paginated_with_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    me = UserFactory()
    for i in range(PER_PAGE + 5):
        _notify(me, f"通知{i}")
    client.force_login(me)
    with django_assert_max_num_queries(6):  # session, user, count, page, unread badge (+ savepoints)
        response = client.get(reverse("notifications:inbox"))
    assert len(response.context["notifications"]) == PER_PAGE
    assert "第 1 / 2 页" in response.content.decode()
    assert len(client.get(reverse("notifications:inbox") + "?page=2").context["notifications"]) == 5


def test_empty_inbox_says_so_in_chinese(client):
    client.force_login(UserFactory())
    text = client.get(reverse("notifications:inbox")).content.decode()
    assert "暂时没有通知" in text and "全部标为已读" not in text


def test_inbox_needs_a_login(client, db):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_opening_a_notification_marks_it_read_and_follows_its_link(client):
    me = UserFactory()
    n = _notify(me, url="/places/")
    client.force_login(me)
    response = client.get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/places/"
    assert Notification.objects.get(pk=n.pk).read_at is not None


def test_a_notification_without_a_link_is_shown_on_its_own_page(client):
    me = UserFactory()
    n = _notify(me, title="系统维护通知", url="")
    client.force_login(me)
    response = client.get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 200 and "系统维护通知" in response.content.decode()


def test_someone_elses_notification_is_not_found(client):
    theirs = _notify(UserFactory())
    client.force_login(UserFactory())
    response = client.get(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_is_a_post(client):
    me, other = UserFactory(), UserFactory()
    _notify(me)
    _notify(me)
    _notify(other)
    client.force_login(me)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "已将 2 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_top_bar_shows_my_unread_count(client):
    me = UserFactory()
    client.force_login(me)
    text = client.get(reverse("home")).content.decode()
    assert '<a class="notif" href="/notifications/">通知</a>' in text
    _notify(me)
    _notify(me)
    _notify(UserFactory())
    text = client.get(reverse("home")).content.decode()
    assert 'aria-label="2 条未读">2</span>' in text


def test_unread_badge_costs_one_query_however_often_the_template_uses_it(django_assert_num_queries):
    me = UserFactory()
    _notify(me)
    request = RequestFactory().get("/")
    request.user = me
    unread = unread_context(request)["unread_notifications"]
    with django_assert_num_queries(1):
        assert unread() == 1
        assert unread() == 1


def test_anonymous_visitors_cost_no_query(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_context(request)["unread_notifications"]() == 0


def test_workbench_offers_unread_notifications_only_when_there_are_some(client):
    me = UserFactory()
    client.force_login(me)
    assert "未读通知" not in client.get(reverse("home")).content.decode()
    _notify(me)
    items = client.get(reverse("home")).context["items"]
    (item,) = [i for i in items if i.title == "未读通知"]
    assert item.count == 1 and item.url == reverse("notifications:inbox")
