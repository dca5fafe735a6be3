from linli.core.policy import rule
from linli.core.roles import STAFF, Role

VIEW_DASHBOARD = rule(
    "dashboards.view_dashboard",
    roles=STAFF | {Role.BRANCH_SECRETARY},
    label="查看驾驶舱",
)
MANAGE_STEERING = rule(
    "dashboards.change_steeringevent",
    roles={Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN},
    label="安排和记录“1136”工作调度",
)
