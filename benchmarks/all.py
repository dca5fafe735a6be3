"""Every benchmark, one after the other, each writing its section of docs/performance.md.

    .venv/bin/python -m benchmarks.all [--only NAME ...] [--sqlite]

Runs, in this order (each in its own process, at the sizes of the performance issue):

* ``run`` — the place browser at district scale and the classifier (SQLite, the embedded default);
* ``ledger_import`` — 1,000,000 居民台账 rows against the spreadsheet reader alone;
* ``mobilization_fanout`` — an emergency over 300,000 households;
* ``dashboards`` — every dashboard and drill-down page of a generated city;
* ``intake`` — intake, Open311 POST and GET through gunicorn, and a web worker's memory.

The last three run on PostgreSQL (the benchmarks' own ``linli_bench_…`` databases at 127.0.0.1:5432,
created afresh; the local server is what these machines have) unless ``--sqlite`` is given or no
server answers there. A step that fails is reported and the others still run; the exit status says
whether all passed. Expect a few hours on two cores: the city of the dashboards benchmark is built
from 15 million appeals.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from .run import ROOT

POSTGRES = "postgres://postgres@127.0.0.1:5432"

#: name → (module, arguments, PostgreSQL database of its own or None for SQLite only)
STEPS: dict[str, tuple[str, list[str], str | None]] = {
    "run": ("benchmarks.run", ["--scale", "district"], None),
    "ledger_import": ("benchmarks.ledger_import", [], None),
    "mobilization_fanout": ("benchmarks.mobilization_fanout", [], "linli_bench_fanout"),
    "dashboards": ("benchmarks.dashboards", [], "linli_bench_dash"),
    "intake": ("benchmarks.intake", [], "linli_bench_intake"),
}


def postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def command(name: str, postgres: bool) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of step ``name``."""
    module, args, database = STEPS[name]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    args = list(args)
    if database and postgres:
        if name == "intake":
            args += ["--database", f"{POSTGRES}/{database}"]
        else:
            env["DATABASE_URL"] = f"{POSTGRES}/{database}"
    elif name == "intake":  # SQLite: a file under var/bench-intake/
        args += ["--database", f"sqlite:///{ROOT / 'var' / 'bench-intake' / 'linli.sqlite3'}"]
    return [sys.executable, "-m", module, *args], env


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="+", choices=sorted(STEPS), help="run only these")
    parser.add_argument("--sqlite", action="store_true", help="run every step on SQLite")
    args = parser.parse_args(argv)
    postgres = not args.sqlite and postgres_answers()
    if not args.sqlite and not postgres:
        print(f"PostgreSQL does not answer at {POSTGRES}: every step runs on SQLite.", flush=True)
    failed = []
    for name in args.only or STEPS:
        cmd, env = command(name, postgres)
        print(f"== {name}: {' '.join(cmd[1:])}", flush=True)
        t0 = time.monotonic()
        done = subprocess.run(cmd, cwd=ROOT, env=env)
        print(f"== {name}: exit {done.returncode} after {time.monotonic() - t0:.0f} s", flush=True)
        if done.returncode:
            failed.append(name)
    if failed:
        print("Failed: " + ", ".join(failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
