"""`linli serve` runs the production shape: gunicorn workers, static files, the background worker."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _periodic_rounds_done(database: Path) -> int:
    try:
        with sqlite3.connect(database) as db:
            return db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = ? AND status = 'SUCCESSFUL'",
                ["linli.core.tasks.periodic"],
            ).fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet
        return 0


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="one run is enough: SQLite"
)
def test_serve_answers_pages_and_static_files_and_stops_cleanly(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DATABASE_URL")}
    env.update(
        LINLI_VAR_DIR=str(tmp_path), ALLOWED_HOSTS="127.0.0.1", DEBUG="0", SECRET_KEY="test-" + "x" * 50
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "linli.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--interval",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(
                        "linli serve did not start:\n"
                        + (proc.stdout.read() if proc.poll() is not None else "")
                    )
                time.sleep(0.5)
        # Production answers https only; the TLS proxy in front says the request came over https.
        https = {"X-Forwarded-Proto": "https"}
        login = urllib.request.Request(f"http://127.0.0.1:{port}/accounts/login/", headers=https)
        with urllib.request.urlopen(login, timeout=5) as r:
            assert "登录邻里" in r.read().decode()
            assert r.headers["Strict-Transport-Security"].startswith("max-age=")
            assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        css = urllib.request.Request(f"http://127.0.0.1:{port}/static/linli/site.css", headers=https)
        with urllib.request.urlopen(css, timeout=5) as r:
            assert r.status == 200 and b"--red" in r.read()
        # The background worker ran a round of the periodic job from the task queue in the database.
        deadline = time.monotonic() + 90
        while not _periodic_rounds_done(tmp_path / "linli.sqlite3"):
            assert time.monotonic() < deadline and proc.poll() is None, "no periodic round was run"
            time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out[-3000:]
    assert "后台工作进程已启动" in out and "诉求督办" in out


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DATABASE_URL", "SECRET_KEY")}
    env.update(LINLI_VAR_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "linli.cli", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr
