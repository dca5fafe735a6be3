"""Intake and Open311 throughput through the real web stack, and the resident memory of a web worker.

    .venv/bin/python -m benchmarks.intake [--database postgres://postgres@127.0.0.1:5432/linli_bench_intake]
                                          [--seconds 20] [--clients 16] [--workers 4] [--no-write]

Builds a fresh database (PostgreSQL: the benchmark's own ``linli_bench…`` database, recreated; SQLite: a
file under var/bench-intake/) with ``linli migrate`` and the small ``linli demo``, starts gunicorn
(``--workers`` sync workers, as ``linli serve`` runs it) with Linli's settings plus two bare endpoints
(benchmarks/web_urls.py), and drives each scenario for ``--seconds`` from ``--clients`` concurrent
clients (two client processes of threads, each client its own logged-in session or the Open311 key):

* the limit for intake: ``POST /bench/insert`` — same server, middleware, session and CSRF, one INSERT;
* intake: ``POST /api/appeals/`` with generated resident texts — validation, classification, routing
  to the unit of the place, deadline on the working calendar, events, notifications, the rate limiter;
* the limit for Open311 POST: ``POST /bench/insert-open`` (no session, one INSERT);
* Open311 ``POST /open311/v2/requests.json`` with an api_key;
* the limit for Open311 GET: ``GET /bench/read`` (the same newest 1,000 rows and columns, as JSON);
* Open311 ``GET /open311/v2/requests.json`` (the newest requests, the standard's default window).

Rate limits are raised for the run (each request still takes its counter slot) so that they do not cut
the measurement short. While it runs, the resident set (VmRSS) of every gunicorn worker is sampled.
Results replace the generated intake section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from .common import fresh_postgres, percentile, write_generated

ROOT = Path(__file__).resolve().parent.parent
DEMO_WORKER = "13800000005"  # 陈静, 社区工作者 of the demo's first community (accounts/demo.py)
DEMO_PASSWORD = "linli2026"
RSS_GOAL_MB = 150
UNLIMITED = str(10**9)


# ---------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database: str, var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DATABASE_URL=database,
        LINLI_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="linli.settings",
        SECRET_KEY="benchmark-" + "s" * 50,
        LINLI_PRODUCTION="0",  # plain http on loopback; TLS would end at a proxy in front
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LINLI_INTAKE_STAFF_PER_HOUR=UNLIMITED,
        LINLI_INTAKE_PER_HOUR=UNLIMITED,
        LINLI_OPEN311_PER_KEY_PER_MINUTE=UNLIMITED,
        LINLI_OPEN311_PER_ADDRESS_PER_MINUTE=UNLIMITED,
        LINLI_NOTIFICATIONS_LOG_LEVEL="WARNING",
        LOG_LEVEL="ERROR",
    )
    return env


def _linli(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "linli.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"linli {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def build(database: str, var: Path) -> dict:
    """A fresh database with the small demo, an Open311 key; returns what the clients need."""
    if database.startswith("postgres"):
        fresh_postgres(database)
    else:
        path = Path(urllib.parse.urlparse(database).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    env = _env(database, var)
    _linli(env, "migrate", "--verbosity", "0")
    _linli(env, "demo")
    _linli(env, "classifier", "train")  # as `linli serve` does before its workers start
    key = _linli(env, "open311", "create-key", "基准测试").strip().splitlines()[-1].strip()
    facts = _in_benchmark_env(env, "facts")
    return {**facts, "api_key": key}


def _in_benchmark_env(env: dict, *args: str) -> dict:
    """``facts`` or ``profile`` run in a process of its own on the benchmark's database: its JSON answer."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.intake", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def facts() -> dict:
    """Run inside the benchmark's environment: places and categories of the demo, and row counts."""
    import django

    django.setup()
    from linli.appeals import selectors
    from linli.appeals.models import Appeal, AppealEvent
    from linli.open311.models import ServiceAttribute
    from linli.places.choices import PlaceLevel
    from linli.places.models import Place

    community = Place.objects.filter(level=PlaceLevel.COMMUNITY).order_by("code").first()
    compounds = list(
        Place.objects.filter(level=PlaceLevel.COMPOUND, code__startswith=community.code).values_list(
            "code", flat=True
        )
    )
    return {
        "compounds": compounds,
        "categories": list(selectors.leaf_categories().values_list("code", flat=True)),
        # Open311 services whose definition asks for no required attribute (the others answer 400
        # without them, as the standard says)
        "services": list(
            selectors.leaf_categories()
            .exclude(pk__in=ServiceAttribute.objects.filter(required=True).values("category"))
            .values_list("code", flat=True)
        ),
        "appeals": Appeal.objects.count(),
        "events": AppealEvent.objects.count(),
    }


def profile(n: int = 200) -> dict:
    """Run inside the benchmark's environment: ``n`` appeals through ``appeal_submit`` in-process (no HTTP),
    under cProfile — where an appeal's time goes."""
    import cProfile
    import pstats

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from linli.accounts.models import User
    from linli.appeals import classifier
    from linli.appeals.corpus import generate
    from linli.appeals.services.intake import appeal_submit

    info = facts()
    rng = random.Random(7)
    actor = User.objects.get(phone=DEMO_WORKER)
    texts = [generate(rng.choice(info["categories"]), rng) for _ in range(n)]
    classifier.current_model().suggest(texts[0])  # loaded before timing, as in a warm worker
    with CaptureQueriesContext(connection) as queries:
        appeal_submit(actor=actor, channel="api", text=texts[0], place=_place(info["compounds"][0]))
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for text in texts[1:]:
        appeal_submit(actor=actor, channel="api", text=text, place=_place(rng.choice(info["compounds"])))
    profiler.disable()
    total = (time.perf_counter() - started) * 1000 / (n - 1)
    stats = pstats.Stats(profiler).stats

    def cumulative(name_end: str, func: str) -> float:
        return (
            sum(v[3] for k, v in stats.items() if k[0].endswith(name_end) and k[2] == func) * 1000 / (n - 1)
        )

    return {
        "ms": total,
        "queries": len(queries.captured_queries),
        "classifier_ms": cumulative("appeals/classifier.py", "suggest"),
        "database_ms": cumulative("django/db/backends/utils.py", "_execute"),
    }


def _place(code: str):
    from linli.places.models import Place

    return Place.objects.get(code=code)


class Server:
    """gunicorn as ``linli serve`` runs it (sync workers), with the benchmark's URLconf."""

    def __init__(self, env: dict, workers: int):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "linli.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "benchmarks.web_settings"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if _request(self.port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start:\n" + (self.proc.stderr.read() or "")[-3000:])
            time.sleep(0.3)

    def workers(self) -> list[int]:
        out = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                out.append(int(stat.parent.name))
        return out

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class RssSampler(threading.Thread):
    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, {}, True

    def run(self):
        while self.running:
            for pid in self.server.workers():
                self.peak[pid] = max(self.peak.get(pid, 0.0), _rss_mb(pid))
            time.sleep(0.25)

    def stop(self) -> float:
        self.running = False
        self.join()
        return max(self.peak.values(), default=0.0)


# ---------------------------------------------------------------- the clients


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("Set-Cookie", "") or "", response
    finally:
        conn.close()


def _cookies(response) -> dict:
    jar = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def log_in(port: int, phone: str, password: str) -> dict:
    """A real log-in through the login page: returns the session's cookies and CSRF token."""
    status, _, _, response = _request(port, "GET", "/accounts/login/")
    jar = _cookies(response)
    body = urllib.parse.urlencode({"username": phone, "password": password}).encode()
    status, _, _, response = _request(
        port,
        "POST",
        "/accounts/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "X-CSRFToken": jar["csrftoken"],
        },
    )
    jar.update(_cookies(response))
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"log-in of {phone} failed: HTTP {status}")
    return jar


def _bodies(kind: str, facts: dict, n: int, seed: int) -> list[tuple[bytes | None, str]]:
    from linli.appeals.corpus import generate

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        code = rng.choice(facts["services" if kind == "open311" else "categories"])
        text = generate(code, rng)[:1900]
        if kind == "intake":
            body = json.dumps({"text": text, "place": rng.choice(facts["compounds"])}, ensure_ascii=False)
            out.append((body.encode(), "application/json"))
        elif kind == "open311":
            form = {
                "api_key": facts["api_key"],
                "service_code": code,
                "description": text,
                "address_string": "小区北门",
            }
            out.append((urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"))
        elif kind == "insert":
            out.append((b"{}", "application/json"))
        else:
            out.append((None, ""))
    return out


def _drive(job: dict) -> list[tuple[float, int]]:
    """One client process: ``len(job['sessions'])`` threads, each looping until the deadline."""
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def client(index: int, session: dict | None):
        headers = {}
        if session:
            headers["Cookie"] = f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"
            headers["X-CSRFToken"] = session["csrftoken"]
        bodies, mine = job["bodies"], []
        i = index
        while time.monotonic() < job["deadline"]:
            body, ctype = bodies[i % len(bodies)]
            i += len(job["sessions"]) * 7 + 1
            h = dict(headers, **({"Content-Type": ctype} if ctype else {}))
            t0 = time.perf_counter()
            try:
                status = _request(job["port"], job["method"], job["path"], body, h)[0]
            except OSError:
                status = 0
            mine.append(((time.perf_counter() - t0) * 1000, status))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(i, s)) for i, s in enumerate(job["sessions"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_scenario(port: int, method: str, path: str, bodies, sessions: list, seconds: float) -> dict:
    """``len(sessions)`` concurrent clients for ``seconds`` (after a short warm-up), over two processes."""
    procs = 2 if len(sessions) > 1 else 1
    groups = [sessions[i::procs] for i in range(procs)]
    base = {"port": port, "method": method, "path": path, "bodies": bodies}
    # spawn, not fork: the calling process may run threads (a test suite, a browser driver), and a forked
    # child can inherit a lock one of them held and hang for ever
    with multiprocessing.get_context("spawn").Pool(procs) as pool:
        pool.map(
            _drive,
            [{**base, "sessions": g, "deadline": time.monotonic() + min(2.0, seconds)} for g in groups],
        )
        started = time.monotonic()
        parts = pool.map(_drive, [{**base, "sessions": g, "deadline": started + seconds} for g in groups])
        elapsed = time.monotonic() - started
    results = [r for part in parts for r in part]
    ok = [ms for ms, status in results if 200 <= status < 300]
    return {
        "requests": len(results),
        "ok": len(ok),
        "errors": len(results) - len(ok),
        "statuses": sorted({s for _, s in results if not 200 <= s < 300}),
        "per_second": len(ok) / elapsed,
        "p50": percentile(ok, 50),
        "p99": percentile(ok, 99),
        "seconds": elapsed,
    }


# ---------------------------------------------------------------- the run


def measure(
    *, database: str, var: Path, seconds: float, clients: int, workers: int, profile_appeals: int = 200
) -> dict:
    var.mkdir(parents=True, exist_ok=True)
    facts_before = build(database, var)
    env = _env(database, var)
    server = Server(env, workers)
    sampler = RssSampler(server)
    try:
        idle_rss = max((_rss_mb(pid) for pid in server.workers()), default=0.0)
        sessions = [log_in(server.port, DEMO_WORKER, DEMO_PASSWORD) for _ in range(clients)]
        anonymous = [None] * clients
        sampler.start()
        plan = [
            ("limit: bare insert, session + CSRF", "POST", "/bench/insert", "insert", sessions),
            ("intake: POST /api/appeals/", "POST", "/api/appeals/", "intake", sessions),
            ("limit: bare insert, no session", "POST", "/bench/insert-open", "insert", anonymous),
            ("Open311 POST requests.json", "POST", "/open311/v2/requests.json", "open311", anonymous),
            ("limit: bare read of the same 1,000 rows", "GET", "/bench/read", "none", anonymous),
            ("Open311 GET requests.json", "GET", "/open311/v2/requests.json", "none", anonymous),
        ]
        rows = []
        for i, (name, method, path, kind, who) in enumerate(plan):
            bodies = _bodies(kind, facts_before, 400, seed=i)
            rows.append(
                {"name": name, "path": path, **run_scenario(server.port, method, path, bodies, who, seconds)}
            )
        peak_rss = sampler.stop()
        worker_count = len(server.workers())
    finally:
        if sampler.is_alive():
            sampler.stop()
        server.stop()
    after = _in_benchmark_env(env, "facts")
    in_process = _in_benchmark_env(env, "profile", str(profile_appeals))
    by_name = {r["name"]: r for r in rows}
    # Every 201 of intake and Open311 POST (and their warm-ups) is one appeal in the database.
    return {
        "database": "PostgreSQL" if database.startswith("postgres") else "SQLite",
        "seconds": seconds,
        "clients": clients,
        "workers": worker_count,
        "rows": rows,
        "intake": by_name["intake: POST /api/appeals/"],
        "intake_limit": by_name["limit: bare insert, session + CSRF"],
        "open311_post": by_name["Open311 POST requests.json"],
        "open311_post_limit": by_name["limit: bare insert, no session"],
        "open311_get": by_name["Open311 GET requests.json"],
        "open311_get_limit": by_name["limit: bare read of the same 1,000 rows"],
        "appeals_created": after["appeals"] - facts_before["appeals"],
        "events_created": after["events"] - facts_before["events"],
        "rss_idle_mb": idle_rss,
        "rss_peak_mb": peak_rss,
        "in_process": in_process,
    }


def render(result: dict) -> str:
    from .run import machine

    lines = [
        f"### Intake and Open311 through the web stack ({time.strftime('%Y-%m-%d')})",
        "",
        f"Machine: {machine()}; the clients run on the same cores. Database: {result['database']} on loopback. "
        f"gunicorn with {result['workers']} sync workers (as `linli serve`), {result['clients']} concurrent "
        f"clients, {result['seconds']:.0f} s per scenario after a warm-up. Each limit is a bare endpoint of "
        "the same server and middleware that inserts one row (or reads the rows of the Open311 list as JSON).",
        "",
        "| scenario | path | requests/s | p50 ms | p99 ms | non-2xx | × limit |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    pairs = {
        "intake: POST /api/appeals/": result["intake_limit"],
        "Open311 POST requests.json": result["open311_post_limit"],
        "Open311 GET requests.json": result["open311_get_limit"],
    }
    for row in result["rows"]:
        limit = pairs.get(row["name"])
        ratio = f"{row['per_second'] / limit['per_second']:.0%}" if limit and limit["per_second"] else "—"
        lines.append(
            f"| {row['name']} | `{row['path']}` | {row['per_second']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['errors']}{' (' + ', '.join(map(str, row['statuses'])) + ')' if row['statuses'] else ''} | {ratio} |"
        )
    intake, limit, p = result["intake"], result["intake_limit"], result["in_process"]
    share = intake["per_second"] / limit["per_second"] if limit["per_second"] else 0
    met = lambda ok: "met" if ok else "**missed**"  # noqa: E731
    lines += [
        "",
        f"Goal (performance issue): intake ≥ 50% of its limit and ≥ 500 appeals/s — {share:.0%} "
        f"({met(share >= 0.5)}), {intake['per_second']:.0f}/s ({met(intake['per_second'] >= 500)}). "
        f"{result['appeals_created']:,} appeals and {result['events_created']:,} events were written "
        "(every 2xx of intake and Open311 POST, warm-ups included, is one appeal).",
        "",
        f"Memory: a web worker's resident set {result['rss_idle_mb']:.0f} MB after start, "
        f"{result['rss_peak_mb']:.0f} MB at most under this load — goal ≤ {RSS_GOAL_MB} MB "
        f"({met(0 < result['rss_peak_mb'] <= RSS_GOAL_MB)}).",
        "",
        f"Where an appeal's time goes (in-process, no HTTP: `appeal_submit` under cProfile, "
        f"{p['ms']:.1f} ms an appeal, {p['queries']} queries): the classifier {p['classifier_ms']:.1f} ms "
        f"({p['classifier_ms'] / p['ms']:.0%}), waiting on the database driver {p['database_ms']:.1f} ms "
        f"({p['database_ms'] / p['ms']:.0%}), the rest — building and compiling ORM queries, the deadline "
        "on the working calendar, routing, events, notifications — in Python. Over HTTP each request adds "
        "the server, middleware, session and JSON work that the bare endpoints measure.",
    ]
    return "\n".join(lines)


def write(text: str) -> None:
    write_generated("intake", text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/linli_bench_intake")
    parser.add_argument("--var", default=str(ROOT / "var" / "bench-intake"))
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.database.startswith("postgres") and not re.search(r"/linli_bench[^/]*$", args.database):
        raise SystemExit("the benchmark recreates its database: name it linli_bench…")
    result = measure(
        database=args.database,
        var=Path(args.var),
        seconds=args.seconds,
        clients=args.clients,
        workers=args.workers,
    )
    text = render(result)
    print(text)
    if not args.no_write:
        write(text)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["facts"]:
        print(json.dumps(facts()))
        sys.exit(0)
    if sys.argv[1:2] == ["profile"]:
        print(json.dumps(profile(int(sys.argv[2]))))
        sys.exit(0)
    sys.exit(main())
