import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "以生产方式运行：gunicorn 多进程网页服务（静态文件由 WhiteNoise 提供）加一个后台工作进程。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
        parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1)), help="网页进程数")
        parser.add_argument(
            "--no-worker", action="store_true", help="不启动后台工作进程（在别处单独运行 linli worker 时）"
        )
        parser.add_argument("--interval", type=int, default=300, help="后台周期任务间隔秒数")

    def handle(self, *args, bind, workers, no_worker, interval, **options):
        if settings.DEBUG:
            raise CommandError("生产方式运行时请关闭 DEBUG。")
        if not os.environ.get("SECRET_KEY"):
            raise CommandError("生产方式运行需要设置环境变量 SECRET_KEY（本地演示请用 linli runserver）。")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not Path(settings.LINLI_CLASSIFIER_PATH).exists():
            # Trained and saved once here, so that no web worker trains its own (seconds, and
            # scikit-learn in every worker's memory); `linli classifier train` retrains it later.
            self.stdout.write("首次启动：训练诉求分类模型……")
            call_command("classifier", "train", stdout=self.stdout)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "linli.settings"),
        }
        children = []
        if not no_worker:
            children.append(
                subprocess.Popen(
                    [sys.executable, "-m", "linli.cli", "worker", "--interval", str(interval)], env=env
                )
            )
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "linli.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--timeout",
                "60",
            ],
            env=env,
        )
        children.append(web)
        self.stdout.write(
            f"网页服务：http://{bind}（{workers} 个进程）{'' if no_worker else '；后台工作进程已启动'}。按 Ctrl+C 停止。"
        )

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = web.wait()
        stop(None, None)
        for child in children:
            child.wait(timeout=30)
        if code not in (0, -signal.SIGTERM):
            raise CommandError(f"网页服务异常退出（{code}）。")
