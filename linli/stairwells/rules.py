from linli.core.policy import rule
from linli.core.roles import STAFF, Role

TEAM = {Role.STAIRWELL_LEADER, Role.INFORMANT, Role.CARETAKER}

VIEW_PLAN = rule(
    "stairwells.view_visitplan",
    roles=TEAM
    | {Role.MICRO_GRID_WORKER, Role.GRID_WORKER, Role.GRID_LEADER}
    | STAFF
    | {Role.BRANCH_SECRETARY},
    label="查看楼道走访计划",
)
GENERATE_PLAN = rule(
    "stairwells.add_visitplan",
    roles={Role.STAIRWELL_LEADER, Role.GRID_LEADER, Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY},
    label="生成楼道月度走访计划",
)
VIEW_RATING = rule(
    "stairwells.view_rating",
    roles=TEAM | {Role.GRID_WORKER, Role.GRID_LEADER, Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER} | STAFF,
    label="查看星级楼道",
)
RATE = rule(
    "stairwells.change_rating",
    roles={Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.SYSTEM_ADMIN},
    label="评定星级楼道和先锋楼道",
)
