"""Who may do what with property companies. Territory: the 小区 a company's contract covers."""

from linli.core.policy import rule
from linli.core.roles import Role

_MANAGERS = {
    Role.COMMUNITY_WORKER,
    Role.COMMUNITY_SECRETARY,
    Role.STREET_OFFICIAL,
    Role.DISTRICT_ADMIN,
    Role.SYSTEM_ADMIN,
}

VIEW_PROPERTY = rule(
    "property.view_propertycompany",
    roles=_MANAGERS | {Role.BRANCH_SECRETARY, Role.PROPERTY_STAFF},
    label="查看物业企业、合同、信用档案和红黑榜",
)
MANAGE_PROPERTY = rule(
    "property.manage_propertycompany",
    roles=_MANAGERS,
    label="登记物业企业、签订合同、录入信用记录和物业费、组织集中整治",
)
EVALUATE_PROPERTY = rule(
    "property.add_evaluation",
    roles={Role.BRANCH_SECRETARY},
    label="小区党支部评价本小区的物业企业",
)
