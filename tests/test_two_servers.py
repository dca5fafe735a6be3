"""The production shape on one machine: two web servers (gunicorn, as `linli serve` runs them) and one
background worker, all against one PostgreSQL on loopback. A loop of appeals goes through them with
every step on the other server: what one server wrote, the other reads and moves on, and the worker
delivers the notifications both wrote."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from linli.appeals.models import Appeal, AppealEvent
from linli.appeals.tests.factories import Cast
from linli.notifications.choices import Channel, DeliveryStatus
from linli.notifications.models import Delivery
from linli.places.tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        conn.close()


def _cookies(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


class Session:
    """One person logged in through the real login page of one server; talks to any server after."""

    def __init__(self, port: int, phone: str):
        _, _, headers = _request(port, "GET", "/accounts/login/")
        self.jar = _cookies(headers)
        status, body, headers = _request(
            port,
            "POST",
            "/accounts/login/",
            urllib.parse.urlencode({"username": phone, "password": PASSWORD}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", **self._auth()},
        )
        assert status == 302, body.decode()[:2000]
        self.jar.update(_cookies(headers))

    def _auth(self) -> dict:
        return {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items()),
            "X-CSRFToken": self.jar["csrftoken"],
        }

    def post(self, port: int, path: str, payload: dict) -> dict:
        body = json.dumps(payload, ensure_ascii=False).encode()
        status, answer, _ = _request(
            port, "POST", path, body, {"Content-Type": "application/json", **self._auth()}
        )
        assert status in (200, 201), (port, path, status, answer.decode()[:2000])
        return json.loads(answer)


@pytest.fixture
def servers(tmp_path):
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    # PYTEST_VERSION stays: the servers check the test users' passwords with the suite's fast hasher.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=url,  # the test database this test's data is committed to
        LINLI_VAR_DIR=str(settings.VAR_DIR),  # the same key ring for the encrypted personal data
        LINLI_CLASSIFIER_PATH=str(tmp_path / "model.joblib"),
        SECRET_KEY="two-servers-" + "s" * 50,
        LINLI_PRODUCTION="0",  # plain http on loopback
        LINLI_TASKS_BACKEND="database",  # as in production: the servers queue, the worker runs
        ALLOWED_HOSTS="127.0.0.1",
    )
    started, ports = [], []
    try:
        for _ in range(2):
            port = _free_port()
            ports.append(port)
            started.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "linli.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                    ]
                    + ["--workers", "1", "--timeout", "120"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        worker = subprocess.Popen(
            # One periodic round at start, then none during the test: what gets sent, the queued tasks send.
            [sys.executable, "-m", "linli.cli", "worker", "--interval", "3600"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(worker)
        deadline = time.monotonic() + 90
        for port, proc in zip(ports, started, strict=False):
            while True:
                try:
                    if _request(port, "GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("gunicorn did not start:\n" + proc.stderr.read()[-3000:])
                time.sleep(0.3)
        yield ports, worker
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.terminate()
        for proc in started:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_a_loop_of_appeals_through_two_web_servers_and_one_worker(world, servers):
    cast = Cast(world)
    (a, b), worker = servers
    resident, desk, handler = (Session(a, u.phone) for u in (cast.resident, cast.desk, cast.handler))

    numbers = []
    for i in range(4):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        created = resident.post(
            first,
            "/api/appeals/",
            {
                "text": f"{i + 1}单元门禁坏了，外人随便进出",
                "place": cast.home.code,
                "channel": "self_service",
            },
        )
        pk, numbers = created["id"], [*numbers, created["number"]]
        steps = [
            (desk, "receive", {"category": "0102"}, "received"),
            (desk, "dispatch", {"unit": cast.unit.pk}, "dispatched"),
            (handler, "sign", {}, "in_progress"),
            (handler, "reply", {"reply": "已更换门禁电机。"}, "replied"),
            (desk, "close", {}, "closed"),
            (resident, "rate", {"satisfaction": "satisfied", "resolved": True}, "rated"),
        ]
        for step, (who, name, body, status) in enumerate(steps):
            port = second if step % 2 == 0 else first  # every step on the other server
            answer = who.post(port, f"/api/appeals/{pk}/actions/{name}", body)
            assert answer["appeal"]["status"] == status, name

    appeals = Appeal.objects.filter(number__in=numbers)
    assert appeals.count() == 4 and set(appeals.values_list("status", flat=True)) == {"rated"}
    for appeal in appeals:
        assert AppealEvent.objects.filter(appeal=appeal).count() >= 7  # submitted + six steps

    # The worker runs the delivery tasks both servers queued when their notifications committed.
    external = Delivery.objects.exclude(channel=Channel.IN_APP)
    assert external.exists()
    deadline = time.monotonic() + 60
    while external.filter(status=DeliveryStatus.PENDING).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not external.filter(status=DeliveryStatus.PENDING).exists()
    done = DBTaskResult.objects.filter(task_path="linli.notifications.tasks.deliver_new")
    assert done.exists() and not done.exclude(status="SUCCESSFUL").exists()
    assert worker.poll() is None, worker.stdout.read()[-2000:]
