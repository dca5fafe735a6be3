from django.core.management.base import BaseCommand, CommandError

from linli.core import crypto, keyrotation


class Command(BaseCommand):
    help = (
        "轮换个人信息加密密钥：加入新密钥并设为当前密钥，再分批重新加密所有加密字段（可中断后用 --resume 继续）。"
        "旧密钥保留在密钥环中，确认无数据使用后用 --retire 停用。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--resume", action="store_true", help="不加新密钥，只重新加密仍使用旧密钥的值")
        parser.add_argument("--status", action="store_true", help="只显示各密钥加密的值的数量")
        parser.add_argument("--retire", metavar="KEY_ID", help="停用一个已无数据使用的旧密钥")
        parser.add_argument("--batch-size", type=int, default=500, help="每批重新加密的行数（默认500）")

    def handle(self, *args, resume, status, retire, batch_size, **options):
        try:
            if status:
                self._status()
            elif retire:
                self.stdout.write(keyrotation.retire(retire))
            else:
                if not resume:
                    key_id = keyrotation.add_current_key()
                    self.stdout.write(f"已加入新密钥“{key_id}”并设为当前密钥。")
                else:
                    self.stdout.write(f"当前密钥：“{crypto.keyring().current}”。")
                done = keyrotation.reencrypt(batch_size=max(1, batch_size), progress=self.stdout.write)
                self.stdout.write(f"重新加密完成：共 {done} 个值。")
                self._status()
        except keyrotation.RotationError as exc:
            raise CommandError(str(exc)) from None

    def _status(self):
        ring = crypto.keyring()
        counts = keyrotation.counts_by_key()
        self.stdout.write(f"密钥环来源：{'环境变量' if ring.from_env else ring.source}")
        for key_id in ring.encryption_key_ids:
            mark = "（当前）" if key_id == ring.current else ""
            self.stdout.write(f"  {key_id}{mark}：{counts.get(key_id, 0)} 个值")
        if counts.get("其他"):
            self.stdout.write(f"  不在密钥环中的密钥：{counts['其他']} 个值（无法解密！）")
        old = sum(n for k, n in counts.items() if k != ring.current)
        if old:
            self.stdout.write(f"仍有 {old} 个值使用旧密钥：请运行 linli rotate-keys --resume。")
        else:
            retirable = [k for k in ring.encryption_key_ids if k != ring.current]
            if retirable:
                self.stdout.write("所有值均已使用当前密钥；可停用旧密钥：" + "、".join(retirable))
