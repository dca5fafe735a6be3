from django.core.management.base import BaseCommand

from linli.dashboards.refresh import refresh


class Command(BaseCommand):
    help = "重新计算驾驶舱的预汇总数据（默认最近两个月的诉求与全部快照指标；--full 重算全部历史）。"

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="重算全部历史诉求")

    def handle(self, *args, full, **options):
        self.stdout.write(refresh(full=full))
