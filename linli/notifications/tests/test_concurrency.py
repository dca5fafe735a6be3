"""Several workers running the outbox at once (PostgreSQL: real concurrent connections)."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.db import connection, connections

from linli.notifications import services
from linli.notifications.choices import DeliveryStatus
from linli.notifications.models import Delivery
from linli.notifications.tasks import deliver_pending
from linli.places.tests.factories import UserFactory

from . import backends


class SlowRecordingBackend:
    def send(self, delivery) -> None:
        time.sleep(0.01)  # widen the window in which another worker could take the same row
        backends.SENT.append((delivery.channel, delivery.notification_id))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_each_delivery_exactly_once(settings, sent, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent connections")
    settings.LINLI_NOTIFICATION_BACKENDS = {"sms": f"{__name__}.SlowRecordingBackend"}
    # Leave all 30 to the workers: the task queued at commit does nothing here.
    monkeypatch.setattr(services, "deliver_new", SimpleNamespace(enqueue=lambda ids: None))
    users = [UserFactory() for _ in range(30)]
    created = services.notify(
        recipients=users, kind="appeal.replied", title="您的诉求有回复", body="", channels=["sms"]
    )
    assert sent == [] and Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 30
    start = threading.Barrier(4)
    worked = []

    def worker():
        try:
            start.wait()
            worked.append(deliver_pending())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(worked) == 30
    assert sorted(n for _, n in sent) == sorted(n.pk for n in created)
    assert Delivery.objects.filter(channel="sms", status=DeliveryStatus.SENT).count() == 30
