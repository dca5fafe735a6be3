from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from linli.core.exceptions import DomainError
from linli.people.ledger_io.importer import ledger_import
from linli.places.management.commands._actor import actor_from_phone

ERRORS_PRINTED = 200


class Command(BaseCommand):
    help = (
        "从 Excel（.xlsx，格式同居民台账导入模板）导入居民台账，逐行流式读取，文件大小不限。"
        "有错误的行逐行列出；有错误时退出码非零。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的 .xlsx 文件")
        parser.add_argument(
            "--as",
            dest="phone",
            metavar="PHONE",
            required=True,
            help="以该手机号用户的身份和管辖范围导入（导入记入该用户的审计日志）",
        )
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="全部成功才导入：任一行有错则什么也不导入"
        )
        parser.add_argument("--errors-out", metavar="FILE", help="把完整的错误报告另存为 .xlsx 文件")

    def handle(self, *args, file, phone, all_or_nothing, errors_out, **options):
        actor = actor_from_phone(phone, action="导入居民台账")
        try:
            report = ledger_import(
                source=file,
                actor=actor,
                all_or_nothing=all_or_nothing,
                filename=file,
                progress=lambda n: self.stderr.write(f"已读取 {n} 行……"),
            )
        except PermissionDenied:
            raise CommandError("该用户没有导入居民台账的权限。") from None
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except DomainError as e:
            raise CommandError(e.message) from None
        try:
            self.stdout.write(report.summary())
            for e in report.shown[:ERRORS_PRINTED]:
                self.stdout.write(f"  第 {e.row} 行 [{e.column}]：{e.message}")
            if report.error_count > ERRORS_PRINTED:
                self.stdout.write(
                    f"  ……另有 {report.error_count - ERRORS_PRINTED} 处错误未列出（可用 --errors-out 保存完整报告）。"
                )
            if report.has_errors and errors_out:
                with open(errors_out, "wb") as out:
                    report.write_xlsx(out)
                self.stdout.write(f"错误报告已保存到 {errors_out}。")
        finally:
            report.close()
        if report.has_errors:
            raise CommandError(f"有 {report.error_rows} 行存在错误。", returncode=1)
