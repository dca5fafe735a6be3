"""Administrators' overrides in the database, the cached calendar, the admin and the command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.workdays import services
from linli.workdays.models import WorkdayOverride, WorkdayYear
from linli.workdays.selectors import calendar_gaps, get_calendar, missing_years

from .helpers import at


def run(*args) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_override_makes_an_ordinary_wednesday_a_holiday(db):
    services.workday_override_set(day=date(2026, 11, 25), is_workday=False, name="临时停工")
    cal = get_calendar()
    assert not cal.is_workday(date(2026, 11, 25))
    assert cal.add_working_days(at(2026, 11, 24, 10), 1) == at(2026, 11, 26, 10)


def test_override_makes_a_saturday_a_working_day(db):
    services.workday_override_set(day=date(2026, 11, 28), is_workday=True, name="调休上班")
    assert get_calendar().add_working_days(at(2026, 11, 27, 10), 1) == at(2026, 11, 28, 10)


def test_removing_an_override_restores_the_official_calendar(db):
    services.workday_override_set(day=date(2026, 11, 25), is_workday=False, name="临时停工")
    assert services.workday_override_delete(day=date(2026, 11, 25)) is True
    assert get_calendar().is_workday(date(2026, 11, 25))
    assert services.workday_override_delete(day=date(2026, 11, 25)) is False


def test_working_hours_come_from_settings(db, settings):
    settings.LINLI_WORKING_HOURS = [("09:00", "17:00")]
    assert get_calendar().add_working_days(at(2026, 11, 20, 18), 1) == at(2026, 11, 23, 17)


def test_2027_is_a_gap_until_an_administrator_confirms_it(db):
    assert missing_years(date(2026, 11, 22)) == [2027]
    assert calendar_gaps(date(2026, 12, 1), date(2027, 1, 31)) == [(date(2027, 1, 1), date(2027, 1, 31))]
    services.workday_override_set(day=date(2027, 1, 1), is_workday=False, name="元旦")
    assert missing_years(date(2026, 11, 22)) == [2027]  # one day entered is not a whole year
    services.workday_year_confirm(year=2027, note="国办发明电")
    assert missing_years(date(2026, 11, 22)) == []
    assert calendar_gaps(date(2026, 12, 1), date(2027, 1, 31)) == []


def test_a_year_without_any_override_cannot_be_confirmed(db):
    from linli.core.exceptions import DomainError

    with pytest.raises(DomainError, match="2027年还没有录入"):
        services.workday_year_confirm(year=2027)
    assert not WorkdayYear.objects.exists()


def test_calendar_is_cached_and_dropped_when_an_override_changes(transactional_db, django_assert_num_queries):
    first = get_calendar()
    with django_assert_num_queries(0):
        assert get_calendar() is first
    services.workday_override_set(day=date(2026, 11, 25), is_workday=False, name="临时停工")
    assert get_calendar() is not first
    assert not get_calendar().is_workday(date(2026, 11, 25))


def test_admin_changes_drop_the_cached_calendar(transactional_db, client):
    client.force_login(user_with_role(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True))
    assert get_calendar().is_workday(date(2026, 11, 25))
    response = client.post(
        "/admin/workdays/workdayoverride/add/",
        {"date": "2026-11-25", "is_workday": "", "name": "临时停工", "note": ""},
    )
    assert response.status_code == 302
    assert not get_calendar().is_workday(date(2026, 11, 25))
    override = WorkdayOverride.objects.get()
    response = client.post(
        "/admin/workdays/workdayoverride/",
        {"action": "delete_selected", "_selected_action": [override.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not WorkdayOverride.objects.exists()
    assert get_calendar().is_workday(date(2026, 11, 25))


def test_admin_refuses_to_confirm_a_year_without_overrides_in_chinese(db, client):
    client.force_login(user_with_role(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True))
    response = client.post("/admin/workdays/workdayyear/add/", {"year": "2027", "note": ""})
    assert response.status_code == 200 and "2027年还没有录入任何放假或调休日" in response.content.decode()
    assert not WorkdayYear.objects.exists()


def test_check_command_warns_in_chinese_that_2027_is_not_configured(db):
    out = run("check", "2026", "2027")
    assert "2026年：已内置国务院公布的节假日安排。" in out
    assert "2027年的法定节假日尚未配置" in out and "linli workdays confirm 2027" in out


def test_set_and_confirm_commands_fill_the_2027_gap(db):
    assert (
        run("set", "2027-01-01", "--holiday", "--name", "元旦") == "已设置：2027-01-01（周五）元旦，放假。\n"
    )
    assert "调休上班，上班" in run("set", "2027-01-09", "--workday", "--name", "调休上班")
    assert "已录入 2 条，尚未确认" in run("check", "2027")
    assert run("confirm", "2027") == "已确认 2027年 的节假日安排（共 2 条调整）。\n"
    assert "2027年：已按后台录入的 2 条放假/调休日确认。" in run("check", "2027")
    assert not get_calendar().is_workday(date(2027, 1, 1))
    assert get_calendar().is_workday(date(2027, 1, 9))


def test_unset_command_removes_an_override(db):
    run("set", "2027-01-01", "--holiday", "--name", "元旦")
    assert run("unset", "2027-01-01") == "已删除 2027-01-01（周五）的调整。\n"
    assert "没有调整" in run("unset", "2027-01-01")


def test_commands_refuse_bad_input_in_chinese(db):
    with pytest.raises(CommandError, match="还没有录入"):
        run("confirm", "2027")
    with pytest.raises(CommandError, match="日期格式应为"):
        run("set", "2027-13-01", "--holiday", "--name", "元旦")
