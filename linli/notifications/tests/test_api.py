"""The notifications API: mine only, paginated; mark read; 404 for others'."""

import pytest

from linli.notifications.models import Notification
from linli.notifications.services import notify
from linli.places.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, title="您的诉求有回复"):
    (n,) = notify(recipients=[user], kind="appeal.replied", title=title, body="已处理完毕。", url="/places/")
    return n


def test_list_returns_only_my_notifications_paginated(client):
    me, other = UserFactory(), UserFactory()
    for i in range(3):
        _notify(me, f"通知{i}")
    _notify(other, "别人的")
    client.force_login(me)
    page = client.get("/api/notifications/?limit=2").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert page["items"][0]["title"] == "通知2"
    assert {"id", "kind", "title", "body", "url", "created_at", "read_at"} <= page["items"][0].keys()
    rest = client.get("/api/notifications/?limit=2&offset=2").json()["items"]
    assert [n["title"] for n in rest] == ["通知0"]


def test_list_can_be_limited_to_unread(client):
    me = UserFactory()
    read = _notify(me, "已读")
    _notify(me, "未读")
    client.force_login(me)
    client.post(f"/api/notifications/{read.pk}/read")
    items = client.get("/api/notifications/?unread=true").json()["items"]
    assert [n["title"] for n in items] == ["未读"]
    assert client.get("/api/notifications/unread-count").json() == {"unread": 1}


def test_marking_read_through_the_api(client):
    me = UserFactory()
    n = _notify(me)
    client.force_login(me)
    response = client.post(f"/api/notifications/{n.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert Notification.objects.get(pk=n.pk).read_at is not None


def test_someone_elses_notification_answers_404_in_chinese(client):
    theirs = _notify(UserFactory())
    client.force_login(UserFactory())
    response = client.post(f"/api/notifications/{theirs.pk}/read")
    assert response.status_code == 404 and response.json()["detail"] == "未找到该对象，或您无权查看。"
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.post("/api/notifications/999999/read").status_code == 404


def test_api_needs_a_login(client, db):
    response = client.get("/api/notifications/")
    assert response.status_code == 401 and response.json()["detail"] == "请先登录。"
