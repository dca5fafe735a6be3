from django.core.management.base import BaseCommand, CommandError

from linli.core import backup


class Command(BaseCommand):
    help = (
        "备份数据库和上传的文件到一个归档文件（.tar.gz）。SQLite 使用在线备份，网站可继续运行；"
        "PostgreSQL 使用 pg_dump。个人信息加密密钥默认不放入备份。"
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="备份文件路径，或目录（自动按时间命名）")
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="同时把加密密钥写入备份文件旁的单独文件（权限600），请与备份分开保存",
        )

    def handle(self, *args, target, include_keys, **options):
        try:
            archive, manifest, keys = backup.create_backup(target, include_keys=include_keys)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(f"备份失败：{exc}") from None
        self.stdout.write(f"备份完成：{archive}")
        self.stdout.write(backup.describe(manifest))
        if keys:
            self.stdout.write(self.style.WARNING(f"加密密钥已写入 {keys}（权限600）。{backup.KEYS_WARNING}"))
        else:
            self.stdout.write(
                "备份不含个人信息加密密钥：请另行妥善保存密钥（环境变量 LINLI_FIELD_KEYS 或密钥文件），"
                "否则恢复后无法读取身份证号和手机号。"
            )
