from linli.core.policy import rule
from linli.core.roles import STAFF, Role

VIEW_DASHBOARD = rule(
    "dashboards.view_dashboard",
    roles=STAFF | {Role.BRANCH_SECRETARY},
    label="查看驾驶舱",
)
