"""Who may do what with visits, patrols, care alerts and hazards. Scope always applies on top
(core.policy): stairwell teams at their 单元, grid workers at their grid, the branch at its 小区, staff at
the community and above."""

from linli.core.policy import rule
from linli.core.roles import COMPOUND_BODIES, FRONT_LINE, STAFF, Role

STAIRWELL_TEAM = frozenset({Role.STAIRWELL_LEADER, Role.INFORMANT, Role.CARETAKER})
GRID_TEAM = frozenset({Role.MICRO_GRID_WORKER, Role.GRID_WORKER, Role.GRID_LEADER})
BRANCH = frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER})
COMMUNITY_DESK = frozenset({Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY})
#: Whose patrols 一日三巡 expects: the grid's own workers (a 网格长 patrols too, but is not counted).
PATROL_ROLES = frozenset({Role.GRID_WORKER, Role.MICRO_GRID_WORKER})

VIEW_VISIT = rule(
    "visits.view_visit",
    roles=STAIRWELL_TEAM | GRID_TEAM | BRANCH | STAFF,
    label="查看走访记录、走访覆盖率和待走访清单",
)
RECORD_VISIT = rule(
    "visits.record_visit",
    roles=STAIRWELL_TEAM | GRID_TEAM | BRANCH | COMMUNITY_DESK,
    label="记录走访（月度走访、敲门行动、四必联、支部接待日、回访）",
)
VIEW_CARE_ALERT = rule(
    "visits.view_carealert",
    roles=STAIRWELL_TEAM | GRID_TEAM | {Role.BRANCH_SECRETARY} | STAFF,
    label="查看关爱预警（独居老人等超期未走访联系）",
)
CHECK_IN_PATROL = rule(
    "visits.add_patrol",
    roles=GRID_TEAM,
    label="网格巡查签到（一日三巡）",
)
VIEW_PATROL = rule(
    "visits.view_patrol",
    roles=GRID_TEAM | {Role.BRANCH_SECRETARY} | STAFF,
    label="查看巡查记录与一日三巡达标率",
)
REPORT_HAZARD = rule(
    "visits.add_hazard",
    roles=FRONT_LINE | COMPOUND_BODIES | STAFF,
    label="上报安全隐患",
)
VIEW_HAZARD = rule(
    "visits.view_hazard",
    roles=FRONT_LINE | COMPOUND_BODIES | STAFF,
    label="查看安全隐患",
)
HANDLE_HAZARD = rule(
    "visits.handle_hazard",
    roles=GRID_TEAM | STAFF | BRANCH | {Role.PROPERTY_STAFF},
    label="记录隐患整改进展、转为工单",
)
CLOSE_HAZARD = rule(
    "visits.close_hazard",
    roles=GRID_TEAM | STAFF | {Role.BRANCH_SECRETARY},
    label="隐患整改销号（须附佐证）",
)
