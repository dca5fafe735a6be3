import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from linli.core.demo import DEMO_PASSWORD, SCALES, DemoContext, builders


class Command(BaseCommand):
    help = "生成演示数据：一个完整的示范区（可重复运行，已有数据时不会重复生成）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="small", help="规模：small（默认）或 district"
        )
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（同一种子生成同样的数据）")
        parser.add_argument("--reset", action="store_true", help="先清空数据库再生成")

    def handle(self, *args, scale, seed, reset, **options):
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        ctx = DemoContext(scale=SCALES[scale], seed=seed, out=self.stdout)
        started = time.monotonic()
        for label, build in builders():
            t0 = time.monotonic()
            with transaction.atomic():
                build(ctx)
            ctx.say(f"  {label}：{time.monotonic() - t0:.1f} 秒")
        if ctx.shared.get("scale_mismatch"):
            raise CommandError(ctx.shared["scale_mismatch"])
        call_command("refresh-stats", stdout=self.stdout)
        ctx.say(f"演示数据就绪（{time.monotonic() - started:.1f} 秒）。")
        ctx.say(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for role, scope, phone in ctx.logins:
            ctx.say(f"  {role:<12} {phone}  {scope}")
        if settings.LINLI_STAFF_TOTP_REQUIRED:
            ctx.say(
                "注意：LINLI_STAFF_TOTP_REQUIRED 已开启（DEBUG 关闭时的默认值），以相同环境启动的服务器要求"
                "工作人员（居民以外的账号）首次登录时用手机验证器绑定两步验证。只用密码演示：设置 "
                "LINLI_STAFF_TOTP_REQUIRED=0 后再启动服务器（scripts/demo.sh 已这样做）。"
            )
