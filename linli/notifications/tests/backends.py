"""Backends for tests: one that records what it sent, one that always fails, one that fails N times."""

SENT: list[tuple[str, int]] = []


class RecordingBackend:
    def send(self, delivery) -> None:
        SENT.append((delivery.channel, delivery.notification_id))


class BrokenBackend:
    def send(self, delivery) -> None:
        raise ConnectionError("短信网关无响应（13812345678）")


class FlakyBackend:
    """Fails the first ``failures`` calls, then records like RecordingBackend."""

    failures = 0
    calls = 0

    def send(self, delivery) -> None:
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.failures:
            raise TimeoutError("gateway timeout")
        SENT.append((delivery.channel, delivery.notification_id))
