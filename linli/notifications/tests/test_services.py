"""notify() and marking read: what other apps rely on."""

import logging

import pytest
from django.db import transaction

from linli.notifications.choices import Channel, DeliveryStatus
from linli.notifications.models import Delivery, Notification
from linli.notifications.services import notification_mark_all_read, notification_mark_read, notify
from linli.places.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _dispatch(recipients, **kwargs):
    defaults = {
        "kind": "appeal.dispatched",
        "title": "新派单：楼道灯不亮",
        "body": "春晖花园1栋1单元楼道灯不亮，请于1个工作日内签收。",
        "url": "/appeals/1/",
    }
    return notify(recipients=recipients, **(defaults | kwargs))


def test_notify_writes_one_notification_per_recipient_delivered_in_app_at_once():
    a, b = UserFactory(), UserFactory()
    created = _dispatch([a, b, a])
    assert sorted(n.recipient_id for n in created) == sorted([a.pk, b.pk])
    assert all(n.pk for n in created)
    deliveries = Delivery.objects.filter(notification__in=created)
    assert {(d.channel, d.status) for d in deliveries} == {(Channel.IN_APP, DeliveryStatus.SENT)}
    assert all(d.sent_at for d in deliveries)


def test_external_channels_are_sent_only_after_the_transaction_commits(
    use_backend, sent, django_capture_on_commit_callbacks
):
    use_backend("RecordingBackend")
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        (n,) = _dispatch([user], channels=["in_app", "sms", "wechat"])
        assert sent == []
        assert Delivery.objects.get(notification=n, channel=Channel.SMS).status == DeliveryStatus.PENDING
    assert len(callbacks) == 1
    assert sent == [(Channel.SMS, n.pk)]  # no WeChat binding: skipped, see test_delivery
    assert Delivery.objects.get(notification=n, channel=Channel.SMS).status == DeliveryStatus.SENT


def test_nothing_is_written_or_sent_when_the_surrounding_transaction_rolls_back(
    use_backend, sent, django_capture_on_commit_callbacks, caplog
):
    use_backend("RecordingBackend")
    user = UserFactory()
    caplog.set_level(logging.INFO, logger="linli.notifications")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        _dispatch([user], channels=["sms"])
        raise Boom
    assert callbacks == []
    assert sent == []
    assert not Notification.objects.exists() and not Delivery.objects.exists()
    assert caplog.records == []


def test_the_same_card_is_not_notified_twice_to_the_same_person():
    supervisor, other = UserFactory(), UserFactory()
    first = notify(
        recipients=[supervisor],
        kind="appeal.yellow_card",
        title="黄牌：超时未签收",
        body="",
        dedupe_key="appeal:7:yellow",
    )
    again = notify(
        recipients=[supervisor, other],
        kind="appeal.yellow_card",
        title="黄牌：超时未签收",
        body="",
        dedupe_key="appeal:7:yellow",
    )
    assert len(first) == 1
    assert [n.recipient_id for n in again] == [other.pk]
    assert Notification.objects.filter(recipient=supervisor).count() == 1
    assert Delivery.objects.count() == 2
    red = notify(
        recipients=[supervisor], kind="appeal.red_card", title="红牌", body="", dedupe_key="appeal:7:red"
    )
    assert len(red) == 1


def test_notifications_without_a_key_are_never_deduplicated():
    user = UserFactory()
    _dispatch([user])
    _dispatch([user])
    assert Notification.objects.filter(recipient=user).count() == 2


def test_deactivated_accounts_are_not_notified():
    gone = UserFactory(is_active=False)
    assert _dispatch([gone]) == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "appeals/1/"])
def test_links_must_stay_on_the_site(url):
    with pytest.raises(ValueError):
        _dispatch([UserFactory()], url=url)
    assert not Notification.objects.exists()


def test_unknown_channel_is_a_programming_error():
    with pytest.raises(ValueError):
        _dispatch([UserFactory()], channels=["fax"])


def test_long_titles_are_shortened_to_fit():
    (n,) = _dispatch([UserFactory()], title="长" * 150)
    assert len(n.title) == 100 and n.title.endswith("…")


def test_marking_read_is_for_my_own_notifications_only():
    me, other = UserFactory(), UserFactory()
    (mine,) = _dispatch([me])
    (theirs,) = _dispatch([other])
    notification_mark_read(user=me, notification=mine)
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=me, notification=theirs)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_marking_read_twice_keeps_the_first_time():
    me = UserFactory()
    (n,) = _dispatch([me])
    first = notification_mark_read(user=me, notification=n).read_at
    again = notification_mark_read(user=me, notification=Notification.objects.get(pk=n.pk))
    assert again.read_at == first


def test_mark_all_read_touches_only_my_unread():
    me, other = UserFactory(), UserFactory()
    _dispatch([me, other])
    _dispatch([me])
    assert notification_mark_all_read(user=me) == 2
    assert notification_mark_all_read(user=me) == 0
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_the_database_itself_refuses_a_second_notification_with_the_same_key():
    from django.db import IntegrityError

    user = UserFactory()
    notify(recipients=[user], kind="appeal.red_card", title="红牌", body="", dedupe_key="appeal:9:red")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=user, kind="appeal.red_card", title="红牌", dedupe_key="appeal:9:red"
        )
    assert Notification.objects.filter(recipient=user).count() == 1
