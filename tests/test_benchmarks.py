"""The benchmarks run at a tiny size in the suite so that they cannot rot. No timing is asserted here:
speed lives in benchmarks/ and docs/performance.md."""

from io import StringIO

import pytest
from django.core.management import call_command

from benchmarks import classifier, place_browser


@pytest.mark.django_db
def test_place_browser_benchmark_measures_every_page_on_the_small_demo(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("demo", stdout=StringIO())
    result = place_browser.measure(repeats=1)
    assert result["limit"]["n"] == 2
    assert len(result["pages"]) >= 10
    assert all(row["p50"] > 0 and row["ratio_p50"] > 0 for row in result["pages"])


def test_classifier_benchmark_scores_and_times_a_tiny_generated_corpus():
    result = classifier.measure(train_size=300, test_size=120, singles=5)
    for run in (result["groups"], result["leaves"]):
        assert 0 <= run["macro_f1"] <= 1 and run["train_seconds"] > 0 and run["single_p50"] > 0
    assert result["groups"]["classes"] == 7 and result["leaves"]["classes"] == 28
    text = classifier.render(result)
    assert "7 classes" in text and "Generated data, not the real held-out corpus" in text
