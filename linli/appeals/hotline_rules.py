"""Who may take personal data out of the platform with a 12345 export (PIPL: minimum access)."""

from linli.core.policy import rule
from linli.core.roles import Role

EXPORT_PERSONAL = rule(
    "appeals.export_personal",
    roles={Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN},
    label="导出诉求人完整姓名与联系电话（须说明理由）",
)
