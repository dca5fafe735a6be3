from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行周期任务：推进时限、督办黄牌红牌、发送通知等（每个模块的 tick.run）。可由定时任务每几分钟运行一次。"

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("linli.") or find_spec(f"{config.name}.tick") is None:
                continue
            self.stdout.write(import_module(f"{config.name}.tick").run())
