"""The emergency fan-out benchmark at a tiny size, so it cannot rot (no timing is asserted)."""

import pytest

from benchmarks import mobilization_fanout


@pytest.mark.django_db
def test_fanout_benchmark_covers_every_household_of_a_small_district():
    result = mobilization_fanout.measure(households=1200)
    assert result["households"] == result["tasks"] == 1200
    assert result["vulnerable_first"] == 24 and result["responders"] == 2 * (
        20 + 10
    )  # two 小区: 20 units, 10 micro-grids each
    assert result["seconds"] > 0 and result["limit_seconds"] > 0
    assert "Emergency fan-out" in mobilization_fanout.render(result)
