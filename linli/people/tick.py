from django.utils import timezone

from .rights import anonymise_moved_out


def run(now=None) -> str:
    """PIPL: moved-out residents past their retention period are anonymised (a batch per tick)."""
    n = anonymise_moved_out(today=timezone.localdate(now))
    return f"个人信息：匿名化迁出满期居民 {n} 人" if n else "个人信息：无到期需匿名化的迁出居民"
