from .tasks import deliver_pending


def run(now=None) -> str:
    return f"通知：处理待发消息 {deliver_pending(now=now)} 条"
