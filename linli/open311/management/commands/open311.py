from django.core.management.base import BaseCommand, CommandError

from linli.core.exceptions import DomainError
from linli.open311.models import ApiKey
from linli.open311.services.keys import api_key_create, api_key_revoke
from linli.places.models import Place


class Command(BaseCommand):
    help = "Open311 接口密钥：create-key 发放（最后一行为密钥），revoke-key 吊销，list-keys 列出。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="操作")
        create = actions.add_parser("create-key", help="发放新密钥，最后一行输出密钥（只显示这一次）")
        create.add_argument("name", help="使用该密钥的系统或单位，如：市12345平台")
        create.add_argument("--place", default="", help="辖区的地点编码（默认：本区）")
        revoke = actions.add_parser("revoke-key", help="吊销密钥")
        revoke.add_argument("prefix", help="密钥前缀（密钥中“.”之前的 8 位）")
        actions.add_parser("list-keys", help="列出所有密钥（不含密钥本身）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _create_key(self, *, name, place, **_):
        node = None
        if place:
            node = Place.objects.filter(code=place.strip()).first()
            if node is None:
                raise CommandError(f"找不到地点编码 {place}。")
        key, raw = api_key_create(actor=None, name=name, place=node)
        self.stdout.write(
            f"已发放接口密钥“{key.name}”，辖区：{key.place.name}（{key.place.code}），前缀 {key.prefix}。"
        )
        self.stdout.write("密钥只显示这一次，请妥善保存：")
        self.stdout.write(raw)

    def _revoke_key(self, *, prefix, **_):
        key = ApiKey.objects.filter(prefix=prefix.strip().split(".", 1)[0]).first()
        if key is None:
            raise CommandError(f"找不到前缀为 {prefix} 的密钥。")
        api_key_revoke(actor=None, key=key)
        self.stdout.write(f"已吊销接口密钥“{key.name}”（{key.prefix}）。")

    def _list_keys(self, **_):
        for key in ApiKey.objects.select_related("place"):
            state = f"已吊销 {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "有效"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "从未使用"
            self.stdout.write(f"{key.prefix}  {key.name}  {key.place.code}  {state}  最近使用：{used}")
