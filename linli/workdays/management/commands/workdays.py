import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linli.core.exceptions import DomainError
from linli.workdays import services
from linli.workdays.models import WEEKDAYS
from linli.workdays.official import PACKAGE_YEARS
from linli.workdays.selectors import year_status


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from None


def _day(d: date) -> str:
    return f"{d:%Y-%m-%d}（周{WEEKDAYS[d.weekday()]}）"


class Command(BaseCommand):
    help = "工作日历：检查哪些年份缺少法定节假日数据，录入放假日和调休上班日。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="检查今年和明年的节假日数据是否齐全")
        check.add_argument("years", nargs="*", type=int, help="要检查的年份（默认：今年和明年）")
        put = sub.add_parser("set", help="把某一天设为上班或放假（优先于内置数据）")
        put.add_argument("date", type=_date, help="日期，如 2027-01-01")
        kind = put.add_mutually_exclusive_group(required=True)
        kind.add_argument("--workday", dest="is_workday", action="store_true", help="这一天上班（调休）")
        kind.add_argument("--holiday", dest="is_workday", action="store_false", help="这一天放假")
        put.add_argument("--name", required=True, help="名称，如：元旦、春节调休上班")
        put.add_argument("--note", default="", help="备注，如通知文号")
        unset = sub.add_parser("unset", help="删除某一天的调整")
        unset.add_argument("date", type=_date)
        confirm = sub.add_parser("confirm", help="确认某一年的放假和调休日已全部录入")
        confirm.add_argument("year", type=int)
        confirm.add_argument("--note", default="", help="依据，如国务院办公厅通知文号")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _check(self, *, years, **_):
        this_year = timezone.localdate().year
        for year in years or [this_year, this_year + 1]:
            status = year_status(year)
            extra = f"，另有 {status.override_count} 条后台调整" if status.override_count else ""
            if status.source == "package":
                self.stdout.write(f"{year}年：已内置国务院公布的节假日安排{extra}。")
            elif status.source == "confirmed":
                self.stdout.write(f"{year}年：已按后台录入的 {status.override_count} 条放假/调休日确认。")
            else:
                recorded = f"已录入 {status.override_count} 条，尚未确认；" if status.override_count else ""
                self.stdout.write(
                    self.style.WARNING(
                        f"{year}年的法定节假日尚未配置：{recorded}暂按周一至周五上班计算期限。"
                    )
                )
                self.stdout.write(
                    f"  请按国务院办公厅的节假日安排通知，在后台「工作日历 › 工作日调整」逐日录入放假日和调休上班日"
                    f"（或运行 linli workdays set {year}-01-01 --holiday --name 元旦），"
                    f"全部录入后运行 linli workdays confirm {year}。"
                )
        self.stdout.write(f"内置数据覆盖 {PACKAGE_YEARS.start}–{PACKAGE_YEARS.stop - 1} 年。")

    def _set(self, *, date, is_workday, name, note, **_):
        override = services.workday_override_set(day=date, is_workday=is_workday, name=name, note=note)
        self.stdout.write(f"已设置：{_day(override.date)}{override.name}，{override.status_label}。")

    def _unset(self, *, date, **_):
        if services.workday_override_delete(day=date):
            self.stdout.write(f"已删除 {_day(date)}的调整。")
        else:
            self.stdout.write(f"{_day(date)}没有调整，无需删除。")

    def _confirm(self, *, year, note, **_):
        services.workday_year_confirm(year=year, note=note)
        status = year_status(year)
        self.stdout.write(f"已确认 {year}年 的节假日安排（共 {status.override_count} 条调整）。")
