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
VIEW_FEES = rule(
    "property.view_feebill",
    roles=_MANAGERS | {Role.PROPERTY_STAFF},
    label="查看本小区物业费收缴情况和未缴户（姓名脱敏）",
)
RECORD_FEES = rule(
    "property.add_feepayment",
    roles=_MANAGERS | {Role.PROPERTY_STAFF},
    label="开具物业费账单、登记缴费、导入收费表",
)
VIEW_DISPUTES = rule(
    "property.view_dispute",
    roles=_MANAGERS | {Role.BRANCH_SECRETARY, Role.PROPERTY_STAFF},
    label="查看本小区物业服务类诉求（物业纠纷）及办理时限",
)
RECTIFY_CAMPAIGN_ITEM = rule(
    "property.rectify_campaignitem",
    roles=_MANAGERS | {Role.PROPERTY_STAFF},
    label="报告集中整治事项整改完成",
)
