from django.core.management.base import BaseCommand, CommandError

from linli.audit import services
from linli.core.exceptions import DomainError


class Command(BaseCommand):
    help = "清理超过保留期（默认180天，不能更短）的个人信息访问审计记录。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="清理多少天以前的记录（不少于180）")

    def handle(self, *args, days, **options):
        try:
            n = services.purge(older_than_days=days)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已清理 {n} 条过期审计记录。")
