"""Who may do what with the three lists (需求/资源/项目清单), projects and residents' self-organisations.
Scope applies on top (core.policy): the branch at its 小区, the community desk and staff above; residents
see and rate the projects of their own 小区."""

from linli.core.policy import rule
from linli.core.roles import COMPOUND_BODIES, STAFF, Role

MANAGERS = frozenset(
    {
        Role.BRANCH_SECRETARY,
        Role.BRANCH_MEMBER,
        Role.COMMUNITY_WORKER,
        Role.COMMUNITY_SECRETARY,
        Role.STREET_OFFICIAL,
        Role.DISTRICT_ADMIN,
        Role.SYSTEM_ADMIN,
    }
)
GRID = frozenset({Role.GRID_LEADER, Role.GRID_WORKER, Role.MICRO_GRID_WORKER})
NEIGHBOURS = frozenset({Role.RESIDENT, Role.STAIRWELL_LEADER, Role.VOLUNTEER})

VIEW_LISTS = rule("projects.view_need", roles=COMPOUND_BODIES | STAFF | GRID, label="查看小区三张清单")
ADD_NEED = rule("projects.add_need", roles=COMPOUND_BODIES | STAFF | GRID, label="登记居民需求")
MANAGE = rule(
    "projects.manage_project",
    roles=MANAGERS,
    label="登记资源、需求对接立项、项目资金众筹节点进度与结项",
)
VIEW_PROJECT = rule(
    "projects.view_project",
    roles=COMPOUND_BODIES | STAFF | GRID | NEIGHBOURS,
    label="查看为民办实事项目和居民自组织",
)
EVALUATE = rule("projects.evaluate_project", roles={Role.RESIDENT}, label="评价本小区已完成的项目")
MANAGE_ORG = rule(
    "projects.manage_selforganisation",
    roles=MANAGERS,
    label="登记居民自组织及其活动",
)
