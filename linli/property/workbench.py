"""What a 物业人员 (and the staff above) must do today: open property disputes (overdue first),
households still owing this year's 物业费, and 集中整治 items waiting for rectification."""

from django.urls import reverse
from django.utils import timezone

from linli.appeals.deadlines import DeadlineState
from linli.core import policy
from linli.core.roles import Role
from linli.core.workbench import WorkItem

from . import periods, rules
from . import work_selectors as ws


def _serves_compound(user) -> bool:
    """Only the 小区's own bodies get the daily list; staff above see these numbers on the pages."""
    return any(a.role == Role.PROPERTY_STAFF for a in user.active_assignments())


def items(user) -> list[WorkItem]:
    if not user.is_authenticated or not _serves_compound(user):
        return []
    found: list[WorkItem] = []
    if policy.may(user, rules.VIEW_DISPUTES):
        rows = ws.dispute_list(user=user)
        overdue = sum(1 for r in rows if r.state == DeadlineState.OVERDUE)
        if rows:
            found.append(
                WorkItem(
                    "物业纠纷待办",
                    len(rows),
                    reverse("property:disputes"),
                    f"其中 {overdue} 件已超期" if overdue else "物业服务类诉求，按期办结",
                    urgent=bool(overdue),
                )
            )
    if policy.may(user, rules.VIEW_FEES):
        year = periods.current_year(timezone.localdate())
        if n := ws.unpaid_count(user=user, period=year):
            found.append(
                WorkItem(
                    "物业费未缴清户", n, reverse("property:fees") + f"?period={year}", f"{year}年度，逐户催缴"
                )
            )
    if policy.may(user, rules.RECTIFY_CAMPAIGN_ITEM):
        today = timezone.localdate()
        open_items = ws.open_items(user=user)
        if n := open_items.count():
            late = open_items.filter(deadline__lt=today).count()
            found.append(
                WorkItem(
                    "集中整治待整改",
                    n,
                    reverse("property:campaigns"),
                    f"其中 {late} 项已逾期" if late else "按期整改、佐证销号",
                    urgent=bool(late),
                )
            )
    return found
