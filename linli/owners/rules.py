"""Who may see owners' bodies, their terms and re-election reminders."""

from linli.core.policy import rule
from linli.core.roles import STAFF, Role

VIEW_OWNERS = rule(
    "owners.view_body",
    roles={Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.OWNERS_COMMITTEE} | STAFF,
    label="查看业委会、物管会、监事会、物业指导机构、候选人审查及换届提醒",
)
PROPOSE_CANDIDATE = rule(
    "owners.add_candidatereview",
    roles={Role.OWNERS_COMMITTEE, Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER} | STAFF,
    label="推荐业委会（物管会、监事会）候选人，提交党组织审查",
)
REVIEW_CANDIDATE = rule(
    "owners.review_candidatereview",
    roles={Role.BRANCH_SECRETARY, Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER, Role.STREET_OFFICIAL}
    | {Role.SYSTEM_ADMIN},
    label="党组织审查候选人（通过 / 不通过并说明原因），记录任前谈话",
)
