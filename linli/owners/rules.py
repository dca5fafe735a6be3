"""Who may see owners' bodies, their terms and re-election reminders."""

from linli.core.policy import rule
from linli.core.roles import STAFF, Role

VIEW_OWNERS = rule(
    "owners.view_body",
    roles={Role.BRANCH_SECRETARY, Role.OWNERS_COMMITTEE} | STAFF,
    label="查看业委会、物管会、监事会及换届提醒",
)
