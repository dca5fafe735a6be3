"""Who may do what with mediation cases. Scope applies on top (core.policy): a mediator and the
community desk at their community, the branch secretary at the 小区, staff above."""

from linli.core.policy import rule
from linli.core.roles import STAFF, Role

COMMUNITY_DESK = frozenset({Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY})
OVERSIGHT = frozenset(
    {Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN}
)

VIEW_CASE = rule(
    "mediation.view_mediationcase",
    roles=STAFF | {Role.MEDIATOR, Role.BRANCH_SECRETARY},
    label="查看人民调解案件（当事人姓名脱敏）和矛盾不出小区统计",
)
REGISTER_CASE = rule(
    "mediation.add_mediationcase",
    roles=COMMUNITY_DESK | {Role.MEDIATOR, Role.BRANCH_SECRETARY},
    label="登记调解申请或主动调解的纠纷",
)
ACCEPT_CASE = rule(
    "mediation.accept_mediationcase",
    roles={Role.MEDIATOR, Role.COMMUNITY_SECRETARY},
    label="受理或不予受理调解申请",
)
MEDIATE_CASE = rule(
    "mediation.mediate_mediationcase",
    roles={Role.MEDIATOR},
    label="调解：记录笔录、提交上级、制作协议与签署、调解不成告知、回访、司法确认情况",
)
EXPORT_CASE = rule(
    "mediation.export_mediationcase",
    roles=OVERSIGHT | {Role.MEDIATOR},
    label="导出调解案卷（含当事人完整信息）",
)
