import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "后台工作进程：每隔一段时间运行一次周期任务（督办、通知发送等），直到收到停止信号。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300, help="两次运行之间的秒数（默认 300）")
        parser.add_argument("--once", action="store_true", help="只运行一次就退出")

    def handle(self, *args, interval, once, **options):
        stopping = {"now": False}

        def stop(signum, frame):
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"后台工作进程已启动，每 {interval} 秒运行一次周期任务。")
        while True:
            try:
                call_command("tick", stdout=self.stdout)
            except Exception as exc:  # one failed round must not stop the worker; it is logged and retried
                self.stderr.write(f"本轮周期任务出错：{exc!r}")
            if once or stopping["now"]:
                break
            slept = 0
            while slept < interval and not stopping["now"]:
                time.sleep(1)
                slept += 1
            if stopping["now"]:
                break
            close_old_connections()  # between rounds, as between requests: drop broken or expired connections
        self.stdout.write("后台工作进程已停止。")
