"""Who may do what with the Open311 interface. Reading and posting service requests needs no role:
the public reads, partner systems post with an API key. Keys are managed by district staff."""

from linli.core.policy import rule
from linli.core.roles import Role

MANAGE_KEY = rule(
    "open311.manage_key",
    roles={Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN},
    label="发放和吊销 Open311 接口密钥（辖区内的）",
)
