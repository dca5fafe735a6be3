import time

from django.core.management.base import BaseCommand

from linli.places.stats import stats_refresh


class Command(BaseCommand):
    help = "重新统计各级地点与网格下的小区、楼栋、户、居民等数量（导入后自动运行，也可定时运行）。"

    def handle(self, *args, **options):
        t0 = time.monotonic()
        places, grids = stats_refresh()
        self.stdout.write(f"已统计 {places} 个地点、{grids} 个网格（{time.monotonic() - t0:.1f} 秒）。")
