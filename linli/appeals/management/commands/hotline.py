"""linli hotline import FILE [--all-or-nothing] [--as PHONE] [--map 字段=表头 …]
linli hotline export --from YYYY-MM-DD --to YYYY-MM-DD FILE [--as PHONE] [--full-contact --reason …]"""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from linli.appeals import hotline
from linli.appeals import hotline_sheet as S
from linli.core.exceptions import DomainError

ERRORS_PRINTED = 200


def actor_from_phone(phone: str, *, action: str):
    try:
        return get_user_model().objects.get(phone=phone, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(f"找不到手机号为 {phone} 的有效用户，无法以其身份{action}。") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”格式不对，应写成 YYYY-MM-DD，如 2024-05-01。") from None


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs or ():
        field, sep, header = pair.partition("=")
        field, header = field.strip(), header.strip()
        if not sep or field not in S.FIELDS:
            raise CommandError(f"--map 应写成 字段=表头，字段为：{'、'.join(S.FIELDS)}；“{pair}”不对。")
        mapping[field] = header
    return mapping


class Command(BaseCommand):
    help = "12345 工单交换：从 .xlsx/.csv 导入 12345 工单（按工单编号去重），或按期间导出为同样格式。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入 12345 工单（.xlsx 或 .csv）；有错误时退出码非零")
        imp.add_argument("file", help="要导入的 .xlsx 或 .csv 文件")
        imp.add_argument("--all-or-nothing", action="store_true", help="全部成功才导入")
        imp.add_argument(
            "--as", dest="phone", metavar="PHONE", help="以该手机号用户的身份和管辖范围导入（必填）"
        )
        imp.add_argument(
            "--map",
            dest="mapping",
            action="append",
            default=[],
            metavar="字段=表头",
            help="文件中的哪一列是某一项，如 --map 工单编号=热线单号；可重复",
        )
        exp = sub.add_parser("export", help="导出期间内提交的工单，格式与导入相同")
        exp.add_argument("file", help="导出到的文件（.xlsx；以 .csv 结尾则导出 CSV）")
        exp.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        exp.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        exp.add_argument(
            "--as", dest="phone", metavar="PHONE", help="只导出该用户可见的工单（默认：系统，全部）"
        )
        exp.add_argument(
            "--full-contact", action="store_true", help="不脱敏（须有权限，并用 --reason 写明理由）"
        )
        exp.add_argument("--reason", default="", help="导出完整联系方式的理由")

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(**options)
        else:
            self._export(**options)

    def _import(self, *, file, all_or_nothing, phone, mapping, **options):
        if not phone:
            raise CommandError("请用 --as 指定工作人员的手机号：工单以其身份受理，地点须在其管辖范围内。")
        actor = actor_from_phone(phone, action="导入 12345 工单")
        try:
            report = hotline.hotline_import(
                actor=actor, file=file, mapping=_mapping(mapping), all_or_nothing=all_or_nothing
            )
        except PermissionDenied:
            raise CommandError("该用户没有受理诉求的权限，不能导入 12345 工单。") from None
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stdout.write(report.summary())
        errors = report.sorted_errors()
        for e in errors[:ERRORS_PRINTED]:
            self.stdout.write(f"  第 {e.row} 行 [{e.column}]：{e.message}")
        if len(errors) > ERRORS_PRINTED:
            self.stdout.write(f"  ……另有 {len(errors) - ERRORS_PRINTED} 处错误未列出。")
        if errors:
            raise CommandError(f"有 {report.error_rows} 行存在错误。", returncode=1)

    def _export(self, *, file, start, end, phone, full_contact, reason, **options):
        user = actor_from_phone(phone, action="导出 12345 工单") if phone else hotline.SYSTEM
        start, end = _day(start), _day(end)
        fmt = "csv" if file.lower().endswith(".csv") else "xlsx"
        path = Path(file)
        try:
            with path.open("wb") as out:
                n = hotline.hotline_export_to(
                    out, user=user, start=start, end=end, fmt=fmt, full_contact=full_contact, reason=reason
                )
        except PermissionDenied:
            path.unlink(missing_ok=True)
            raise CommandError(
                "没有权限：导出工单须有受理诉求的权限，导出完整联系方式须有相应权限。"
            ) from None
        except DomainError as e:
            path.unlink(missing_ok=True)
            raise CommandError(e.message) from None
        self.stdout.write(f"已导出 {n} 件工单到 {file}。")
