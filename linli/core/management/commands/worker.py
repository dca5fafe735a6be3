import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from linli.core.periodic import logger, run_all
from linli.core.tasks import periodic

WAITING = ("READY", "RUNNING")


class Command(BaseCommand):
    help = (
        "后台工作进程：执行排队的后台任务（通知发送等，Django 任务队列，存于数据库），"
        "并每隔一段时间安排一轮周期任务（督办、汇总、清理等），直到收到停止信号。可在多台机器上各运行一个。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300, help="两轮周期任务之间的秒数（默认 300）")
        parser.add_argument("--once", action="store_true", help="安排一轮周期任务，做完队列里的任务就退出")

    def handle(self, *args, interval, once, **options):
        self.stdout.write(f"后台工作进程已启动，每 {interval} 秒运行一次周期任务。")
        if not isinstance(task_backends["default"], DatabaseBackend):
            self._without_queue(interval=interval, once=once)  # tasks run where they are enqueued
        else:
            self._with_queue(interval=interval, once=once)
        self.stdout.write("后台工作进程已停止。")

    def _with_queue(self, *, interval: int, once: bool) -> None:
        stopping = threading.Event()

        def schedule():
            # Another worker (on another host) may have queued this round already: one round at a time.
            while not stopping.is_set():
                try:
                    if not DBTaskResult.objects.filter(
                        task_path=periodic.module_path, status__in=WAITING
                    ).exists():
                        periodic.enqueue()
                except Exception as exc:  # the database may be restarting; try again next round
                    logger.warning("周期任务未能排队：%r", exc)
                finally:
                    close_old_connections()
                if once:
                    return
                stopping.wait(interval)
            connection.close()

        scheduler = threading.Thread(target=schedule, name="linli-scheduler", daemon=True)
        scheduler.start()
        if once:
            scheduler.join()
        worker = Worker(
            queue_names=["*"],
            interval=1,
            batch=once,
            backend_name="default",
            startup_delay=not once,
            max_tasks=None,
            worker_id=f"linli-{time.monotonic_ns()}",
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        except SystemExit:  # the worker's own SIGTERM/SIGINT handling, between two tasks
            pass
        finally:
            stopping.set()
            worker.reset_signals()

    def _without_queue(self, *, interval: int, once: bool) -> None:
        stopping = {"now": False}

        def stop(signum, frame):
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            try:
                for line in run_all():
                    self.stdout.write(line)
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
            close_old_connections()
