"""The dashboards read pre-aggregated tables: fill them once everything else of the demo exists."""

from linli.core.demo import DemoContext

from .refresh import refresh


def build(ctx: DemoContext) -> None:
    ctx.say(refresh(full=True))
