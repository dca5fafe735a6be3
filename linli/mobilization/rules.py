from linli.core.policy import rule
from linli.core.roles import FRONT_LINE, STAFF, Role

DECLARE = rule(
    "mobilization.add_emergency",
    roles={Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN},
    label="启动和结束应急响应",
)
VIEW_EMERGENCY = rule(
    "mobilization.view_emergency",
    roles=FRONT_LINE | STAFF | {Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.PROPERTY_STAFF},
    label="查看应急响应进度",
)
CONFIRM_TASK = rule(
    "mobilization.change_householdtask",
    roles={
        Role.STAIRWELL_LEADER,
        Role.INFORMANT,
        Role.CARETAKER,
        Role.MICRO_GRID_WORKER,
        Role.GRID_WORKER,
        Role.GRID_LEADER,
        Role.COMMUNITY_WORKER,
        Role.COMMUNITY_SECRETARY,
    },
    label="逐户确认应急任务",
)
