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
MANAGE_ORG = rule(
    "party.change_partyorg",
    roles=STAFF,
    label="建立、修改党组织（大工委、大党委、小区党支部、楼栋党小组）及其覆盖范围",
)
MANAGE_MEMBER = rule(
    "party.change_partymember",
    roles={Role.BRANCH_SECRETARY} | STAFF,
    label="登记党员、流动党员，办理组织关系转接",
)
MANAGE_BODY = rule(
    "party.change_body",
    roles={Role.BRANCH_SECRETARY} | STAFF,
    label="登记支部班子、业委会、物管会、监事会、物业指导机构及其成员",
)
MANAGE_COBUILDING = rule(
    "party.change_agreement",
    roles={Role.BRANCH_SECRETARY} | STAFF,
    label="登记共建单位、共建协议和承诺",
)
RECORD_ACTIVITY = rule(
    "party.add_activity",
    roles=BRANCH | STAFF,
    label="记录党建活动（三亮三带头等）和共建活动、实事、调解",
)
