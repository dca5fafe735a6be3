"""Who may manage role assignments. Which roles a manager may grant is core.roles.APPOINTABLE_BY."""

from linli.core.policy import rule
from linli.core.roles import APPOINTABLE_BY, STAFF, Role

VIEW_ASSIGNMENT = rule(
    "accounts.view_roleassignment",
    roles=STAFF | {Role.BRANCH_SECRETARY, Role.GRID_LEADER},
    label="查看角色任命",
)
MANAGE_ASSIGNMENT = rule("accounts.manage_roleassignment", roles=set(APPOINTABLE_BY), label="任免角色")
USE_ADMIN = rule("accounts.use_admin", roles={Role.SYSTEM_ADMIN}, label="进入系统管理后台")
RESET_TWO_FACTOR = rule(
    "accounts.reset_totpdevice", roles={Role.SYSTEM_ADMIN}, label="重置他人的两步验证（手机丢失）"
)
