from .services.supervision import supervise


def run(now=None) -> str:
    raised = supervise(now=now)
    return f"诉求督办：新增黄牌 {raised['yellow']} 张、红牌 {raised['red']} 张"
