from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from linli.places import exporting, importing
from linli.places.management.commands._actor import actor_from_phone


class Command(BaseCommand):
    help = "把地点与网格导出为 Excel（.xlsx），格式与导入模板相同，可修改后重新导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="导出到的 .xlsx 文件")
        parser.add_argument(
            "--as", dest="phone", metavar="PHONE", help="只导出该手机号用户可见的范围（默认：系统，全平台）"
        )

    def handle(self, *args, file, phone, **options):
        actor = actor_from_phone(phone, action="导出地点与网格") if phone else importing.SYSTEM
        try:
            exporting.places_export(actor=actor, out=file)
        except PermissionDenied:
            raise CommandError("该用户没有导出地点与网格的权限。") from None
        self.stdout.write(f"已导出到 {file}。")
