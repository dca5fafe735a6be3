from datetime import date

from django.urls import reverse

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.workdays.selectors import missing_years


def test_administrators_are_told_when_next_years_holidays_are_missing(client, world):
    assert 2027 in missing_years(date(2026, 11, 22))
    client.force_login(user_with_role(Role.DISTRICT_ADMIN, place=world.district))
    page = client.get(reverse("home")).content.decode()
    assert "2027年的法定节假日尚未配置" in page
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, place=world.community_a))
    assert "法定节假日尚未配置" not in client.get(reverse("home")).content.decode()
