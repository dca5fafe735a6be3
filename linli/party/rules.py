"""Who may see and manage party organisations, members, bodies and co-building. The branch at its 小区,
community and street staff at theirs; scope always applies on top (core.policy)."""

from linli.core.policy import rule
from linli.core.roles import STAFF, Role

BRANCH = frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER})
COMMUNITY_DESK = frozenset({Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY})

VIEW_PARTY = rule(
    "party.view_partyorg",
    roles=BRANCH | STAFF,
    label="查看党组织、党员、双报到、班子和共建",
)
CONFIRM_REGISTRATION = rule(
    "party.confirm_partymember",
    roles={Role.BRANCH_SECRETARY} | COMMUNITY_DESK | {Role.SYSTEM_ADMIN},
    label="确认党员双报到",
)
