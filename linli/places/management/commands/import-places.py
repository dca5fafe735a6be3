from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from linli.core.excel import write_error_report
from linli.core.exceptions import DomainError
from linli.places import importing
from linli.places.management.commands._actor import actor_from_phone

ERRORS_PRINTED = 200


class Command(BaseCommand):
    help = "从 Excel（.xlsx）导入地点与网格（格式同导入模板）。有错误的行逐行列出；有错误时退出码非零。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的 .xlsx 文件")
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="全部成功才导入：任一行有错则什么也不导入"
        )
        parser.add_argument(
            "--as",
            dest="phone",
            metavar="PHONE",
            help="以该手机号用户的身份和管辖范围导入（默认：系统，全平台）",
        )
        parser.add_argument("--errors-out", metavar="FILE", help="把错误报告另存为 .xlsx 文件")

    def handle(self, *args, file, all_or_nothing, phone, errors_out, **options):
        actor = actor_from_phone(phone, action="导入地点与网格") if phone else importing.SYSTEM
        try:
            report = importing.places_import(source=file, actor=actor, all_or_nothing=all_or_nothing)
        except PermissionDenied:
            raise CommandError("该用户没有导入地点与网格的权限。") from None
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stdout.write(report.summary())
        errors = report.sorted_errors()
        for e in errors[:ERRORS_PRINTED]:
            self.stdout.write(f"  {e.sheet} 第 {e.row} 行 [{e.column}]：{e.message}")
        if len(errors) > ERRORS_PRINTED:
            self.stdout.write(
                f"  ……另有 {len(errors) - ERRORS_PRINTED} 处错误未列出（可用 --errors-out 保存完整报告）。"
            )
        if errors and errors_out:
            with open(errors_out, "wb") as out:
                write_error_report(out, report)
            self.stdout.write(f"错误报告已保存到 {errors_out}。")
        if errors:
            raise CommandError(f"有 {report.error_rows} 行存在错误。", returncode=1)
