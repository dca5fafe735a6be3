from django.conf import settings
from django.core.management.base import BaseCommand

from linli.people import rights


class Command(BaseCommand):
    help = "匿名化迁出已满保存期限（LINLI_MOVED_OUT_RETENTION_DAYS）的居民个人信息"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不修改")

    def handle(self, *args, dry_run, **options):
        days = settings.LINLI_MOVED_OUT_RETENTION_DAYS
        if dry_run:
            n = rights.moved_out_due().count()
            self.stdout.write(f"迁出满 {days} 天、尚未匿名化的居民：{n} 人（未修改）。")
            return
        n = rights.anonymise_moved_out(limit=10**9)
        self.stdout.write(f"已匿名化迁出满 {days} 天的居民 {n} 人。")
