from django.core.management.base import BaseCommand

from linli.notifications.tasks import deliver_pending


class Command(BaseCommand):
    help = "通知发送：linli notifications deliver 发送到期的短信和微信通知（含失败重试），可定时运行。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="操作")
        deliver = actions.add_parser("deliver", help="发送到期的待发送通知")
        deliver.add_argument("--limit", type=int, default=500, help="本次最多处理多少条（默认 500）")

    def handle(self, *args, action, **options):
        if action == "deliver":
            worked = deliver_pending(limit=options["limit"])
            self.stdout.write(f"已处理 {worked} 条待发送通知。")
