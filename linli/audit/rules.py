from linli.core.policy import rule
from linli.core.roles import Role

VIEW_AUDIT = rule(
    "audit.view_accessentry",
    roles={Role.AUDITOR, Role.SYSTEM_ADMIN},
    label="查看个人信息访问审计日志",
)
