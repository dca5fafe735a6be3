"""The city-scale dashboard benchmark on a tiny city, so that it cannot rot (no timing is asserted)."""

import pytest

from benchmarks import dashboards


@pytest.mark.django_db
def test_dashboard_benchmark_fetches_every_page_of_a_tiny_city_and_its_rollup_equals_the_naive_count():
    city = dashboards.build_city(2, 730, streets=2, communities=2, compounds=2)
    assert (city["districts"], city["streets"], city["communities"], city["compounds"]) == (2, 4, 8, 16)
    assert city["appeals"] == 730
    assert city["daily_rows"] > 0 and city["breakdown_rows"] > 0
    result = dashboards.measure(repeats=2)
    assert result["same_counts"]
    assert len(result["pages"]) == 9 and all(row["p95"] > 0 for row in result["pages"])
    assert "Dashboards at city scale" in dashboards.render(city, result)
