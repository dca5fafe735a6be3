from django.core.management.base import BaseCommand

from linli.core.periodic import run_all


class Command(BaseCommand):
    help = "运行周期任务：推进时限、督办黄牌红牌、发送通知等（每个模块的 tick.run）。可由定时任务每几分钟运行一次。"

    def handle(self, *args, **options):
        for line in run_all():
            self.stdout.write(line)
