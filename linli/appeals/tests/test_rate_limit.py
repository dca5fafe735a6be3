"""Intake is limited per account and hour: residents LINLI_INTAKE_PER_HOUR (web form and API together),
staff LINLI_INTAKE_STAFF_PER_HOUR (代办 at a desk). Over the limit: HTTP 429, a Chinese message, Retry-After,
and no appeal is stored."""

import pytest
from django.urls import reverse

from linli.appeals.models import Appeal
from linli.appeals.tests.factories import Cast
from linli.core import ratelimit
from linli.core.models import RateCounter

from .test_api import _client, _post

TEXT = "楼道灯坏了好几天，晚上上下楼很危险"


@pytest.fixture
def cast(world):
    return Cast(world)


def _report(client, cast, text=TEXT):
    return client.post(
        reverse("appeals:report"), {"appeal_type": "help", "place": cast.home.code, "text": text}
    )


def _intake(client, world, text=TEXT):
    data = {"channel": "on_behalf", "appeal_type": "help", "place_code": world.compound_a1.code, "text": text}
    return client.post(reverse("appeals:new"), data)


def test_a_resident_over_the_limit_gets_the_429_page_and_nothing_is_stored(client, cast, settings):
    settings.LINLI_INTAKE_PER_HOUR = 2
    client.force_login(cast.resident)
    for _ in range(2):
        assert _report(client, cast).status_code == 302
    before = Appeal.objects.count()
    page = _report(client, cast)
    assert page.status_code == 429
    assert 1 <= int(page["Retry-After"]) <= 3600
    assert "操作过于频繁，请于" in page.content.decode() and "分钟后再试" in page.content.decode()
    assert Appeal.objects.count() == before == 2


def test_an_invalid_form_is_not_counted(client, cast, settings):
    settings.LINLI_INTAKE_PER_HOUR = 1
    client.force_login(cast.resident)
    assert _report(client, cast, text="").status_code == 200  # the form again, with its error
    assert _report(client, cast).status_code == 302


def test_the_api_shares_the_resident_limit_and_answers_429_json(cast, world, settings):
    settings.LINLI_INTAKE_PER_HOUR = 1
    client = _client(cast.resident)
    client.post(reverse("appeals:report"), {"appeal_type": "help", "place": cast.home.code, "text": TEXT})
    assert Appeal.objects.count() == 1
    response = _post(client, "/api/appeals/", {"text": TEXT, "place": cast.home.code})
    assert response.status_code == 429 and response["Retry-After"]
    assert response.json()["detail"].startswith("操作过于频繁，请于")
    assert Appeal.objects.count() == 1


def test_staff_have_the_higher_limit_and_a_resident_does_not_use_it_up(client, cast, world, settings):
    settings.LINLI_INTAKE_PER_HOUR, settings.LINLI_INTAKE_STAFF_PER_HOUR = 1, 3
    client.force_login(cast.desk)
    for _ in range(3):
        assert _intake(client, world).status_code == 302
    assert _intake(client, world).status_code == 429
    api = _post(_client(cast.desk), "/api/appeals/", {"text": TEXT, "place": world.compound_a1.code})
    assert api.status_code == 429 and api.json()["detail"].startswith("操作过于频繁")
    assert Appeal.objects.count() == 3
    client.force_login(cast.resident)  # another account is not affected
    assert _report(client, cast).status_code == 302
    assert Appeal.objects.count() == 4


def test_an_hour_later_the_resident_may_report_again(client, cast, settings):
    settings.LINLI_INTAKE_PER_HOUR = 1
    client.force_login(cast.resident)
    assert _report(client, cast).status_code == 302
    assert _report(client, cast).status_code == 429
    row = RateCounter.objects.get(key=f"intake:user:{cast.resident.pk}")
    RateCounter.objects.filter(pk=row.pk).update(window_start=row.window_start.replace(year=2000))
    assert _report(client, cast).status_code == 302
    assert Appeal.objects.count() == 2


def test_imports_and_services_are_not_limited(cast, settings):
    """The 12345 import, the demo and the benchmarks call appeal_submit directly: never counted."""
    settings.LINLI_INTAKE_PER_HOUR = settings.LINLI_INTAKE_STAFF_PER_HOUR = 1
    for _ in range(3):
        cast.report()
    assert Appeal.objects.count() == 3 and not RateCounter.objects.exists()
    assert ratelimit.used("intake", f"user:{cast.resident.pk}") == 0
