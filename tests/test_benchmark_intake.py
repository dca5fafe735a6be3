"""The intake benchmark runs end to end at a tiny size so that it cannot rot (no timing asserted: the
figures live in docs/performance.md)."""

import os

import pytest

from benchmarks import intake


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="one run is enough: SQLite"
)
def test_intake_benchmark_drives_every_scenario_through_a_real_server(tmp_path):
    result = intake.measure(
        database=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        var=tmp_path,
        seconds=1,
        clients=2,
        workers=1,
        profile_appeals=5,
    )
    assert [row["name"] for row in result["rows"]][:2] == [
        "limit: bare insert, session + CSRF",
        "intake: POST /api/appeals/",
    ]
    for row in result["rows"]:
        assert row["ok"] > 0 and row["errors"] == 0, row
    # Every accepted intake and Open311 request is an appeal with its events in the database.
    assert result["appeals_created"] >= result["intake"]["ok"] + result["open311_post"]["ok"]
    assert result["events_created"] >= result["appeals_created"]
    assert result["workers"] == 1 and result["rss_peak_mb"] > 0
    assert result["in_process"]["ms"] > 0 and result["in_process"]["queries"] > 0
    text = intake.render(result)
    assert "≥ 500 appeals/s" in text and "resident set" in text
