from linli.core.policy import rule
from linli.core.roles import Role

MANAGE_CALENDAR = rule(
    "workdays.manage_calendar",
    roles={Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN},
    label="维护工作日历（法定节假日与调休）",
)
