from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linli.core import backup


class Command(BaseCommand):
    help = "从 linli backup 生成的归档文件恢复数据库和上传的文件（覆盖现有数据），并核对各表行数。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件（.tar.gz）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖已有数据的数据库")

    def handle(self, *args, archive, yes, **options):
        try:
            report = backup.restore(Path(archive), overwrite=yes)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(f"恢复失败：{exc}") from None
        self.stdout.write(f"已恢复：{backup.describe(report.manifest)}")
        if report.differences:
            self.stdout.write(self.style.ERROR("行数核对发现差异："))
            for line in report.differences:
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write(f"行数核对一致：{len(report.manifest['tables'])} 张表与备份相同。")
        if report.key_problem:
            self.stdout.write(
                self.style.WARNING(
                    f"警告：当前密钥环无法解密恢复的个人信息（{report.key_problem}）。"
                    "请配置备份时使用的密钥（LINLI_FIELD_KEYS 或 LINLI_FIELD_KEYS_FILE 指向保存的密钥文件）。"
                )
            )
