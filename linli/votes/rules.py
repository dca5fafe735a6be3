"""Who may see, run and vote in polls and 业主大会 votes."""

from linli.core.policy import rule
from linli.core.roles import COMPOUND_BODIES, FRONT_LINE, STAFF, WORKERS, Role

VIEW_POLL = rule(
    "votes.view_poll",
    roles=STAFF | COMPOUND_BODIES | FRONT_LINE,
    relation_roles={Role.RESIDENT} | WORKERS,
    label="查看表决（居民：自己有表决权的表决）",
)
MANAGE_POLL = rule(
    "votes.manage_poll",
    roles=STAFF | {Role.BRANCH_SECRETARY, Role.OWNERS_COMMITTEE},
    label="发起、开始和结束意见征询与业主大会表决",
)
ENTER_PAPER = rule(
    "votes.enter_paper_ballot",
    roles=STAFF | {Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.OWNERS_COMMITTEE},
    label="录入纸质表决票（留痕：录入人、时间）",
)
CAST_BALLOT = rule(
    "votes.cast_ballot",
    roles=(),
    relation_roles={Role.RESIDENT} | WORKERS,
    label="本人在线投票（须在表决权名册中）",
)
SET_AREA = rule(
    "votes.set_exclusivearea",
    roles=STAFF | {Role.OWNERS_COMMITTEE, Role.PROPERTY_STAFF},
    label="登记业主专有部分面积",
)
