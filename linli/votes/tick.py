from django.utils import timezone

from .services import polls_close_due


def run(now=None) -> str:
    return f"表决：到期自动结束 {polls_close_due(now=now or timezone.now())} 项"
