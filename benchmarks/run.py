"""Run the benchmarks and write their results into docs/performance.md.

    .venv/bin/python -m benchmarks.run [--scale district] [--repeats 20]

Builds (once) a demo database of the requested scale in var/bench-<scale>/ and measures there; the
figures replace the generated section of docs/performance.md, between the BEGIN/END markers.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from .common import page_table, write_generated

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="district", choices=["small", "district"])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/performance.md alone")
    args = parser.parse_args(argv)

    var = ROOT / "var" / f"bench-{args.scale}"
    os.environ["LINLI_VAR_DIR"] = str(var)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

    t0 = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "linli.cli", "demo", "--scale", args.scale],
        check=True,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    demo_seconds = time.monotonic() - t0

    import django

    django.setup()
    from django.db import connection

    from benchmarks import classifier, place_browser
    from linli.people.models import Person
    from linli.places.models import Place

    sizes = {
        "places": Place.objects.count(),
        "residents": Person.objects.count(),
        "db": connection.vendor,
    }
    result = place_browser.measure(repeats=args.repeats)
    text = render(args.scale, sizes, demo_seconds, result)
    text += "\n\n" + classifier.render(classifier.measure())
    print(text)
    if not args.no_write:
        write(text)
    return 0


def render(scale: str, sizes: dict, demo_seconds: float, result: dict) -> str:
    lim = result["limit"]
    lines = [
        f"### Place browser — scale `{scale}` ({time.strftime('%Y-%m-%d')})",
        "",
        f"Machine: {machine()}. Database: {sizes['db']}, {sizes['places']:,} places, "
        f"{sizes['residents']:,} residents. `linli demo --scale {scale}` on a database that already held it: "
        f"{demo_seconds:.1f} s (a fresh build is timed separately below).",
        "",
        f"Limit measured in the same run: the bare `/healthz` endpoint through the same stack, "
        f"p50 {lim['p50']:.2f} ms, p95 {lim['p95']:.2f} ms. Goal: every page p95 < {result['goal_p95_ms']:.0f} ms.",
        "",
        *page_table(result),
    ]
    return "\n".join(lines)


def write(text: str) -> None:
    write_generated("run", text)


if __name__ == "__main__":
    sys.exit(main())
