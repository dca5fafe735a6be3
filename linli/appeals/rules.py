"""Who may do what with appeals. Territory through scope; handling and rating through relations."""

from linli.core.policy import rule
from linli.core.roles import COMPOUND_BODIES, FRONT_LINE, STAFF, Role

_DESK = {
    Role.COMMUNITY_WORKER,
    Role.COMMUNITY_SECRETARY,
    Role.STREET_OFFICIAL,
    Role.DISTRICT_ADMIN,
    Role.SYSTEM_ADMIN,
}

SUBMIT_APPEAL = rule(
    "appeals.submit_appeal",
    roles=set(Role.values),
    label="提交诉求（居民本人或代办）",
)
VIEW_APPEAL = rule(
    "appeals.view_appeal",
    roles=FRONT_LINE | STAFF | {Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.MEDIATOR},
    relation_roles=set(Role.values),
    label="查看诉求（辖区内的；本人提交、代办、承办的；居民可看本小区公开的）",
)
RECEIVE_APPEAL = rule(
    "appeals.receive_appeal",
    roles=_DESK | {Role.GRID_LEADER, Role.BRANCH_SECRETARY},
    label="受理、不予受理、合并",
)
DISPATCH_APPEAL = rule(
    "appeals.dispatch_appeal",
    roles=_DESK | {Role.GRID_LEADER, Role.BRANCH_SECRETARY},
    label="派单、核查办结、批准延期、上报、缓办挂账",
)
HANDLE_APPEAL = rule(
    "appeals.handle_appeal",
    roles=(),
    relation_roles=FRONT_LINE
    | COMPOUND_BODIES
    | STAFF
    | {Role.DEPARTMENT_HANDLER, Role.VOLUNTEER, Role.MEDIATOR},
    label="签收、回退、申请延期、反馈办理结果（派给本人或本单位的工单）",
)
CLAIM_APPEAL = rule(
    "appeals.claim_appeal",
    roles={Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.VOLUNTEER, Role.STAIRWELL_LEADER, Role.CARETAKER},
    label="接单（党员、志愿者认领小区诉求）",
)
RATE_APPEAL = rule(
    "appeals.rate_appeal",
    roles=(),
    relation_roles={Role.RESIDENT},
    label="评价、重新打开（本人的诉求）",
)
VISIT_APPEAL = rule(
    "appeals.visit_appeal",
    roles=_DESK | {Role.GRID_WORKER, Role.GRID_LEADER, Role.MICRO_GRID_WORKER},
    label="回访并代录评价",
)
NOTE_APPEAL = rule(
    "appeals.note_appeal",
    roles=FRONT_LINE | COMPOUND_BODIES | STAFF | {Role.DEPARTMENT_HANDLER},
    label="添加内部备注",
)
SUPERVISE_APPEAL = rule(
    "appeals.supervise_appeal",
    roles={Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN, Role.COMMUNITY_SECRETARY},
    label="督办（接收黄牌、红牌）",
)
VIEW_MEASURES = rule(
    "appeals.view_measures",
    roles=STAFF | {Role.GRID_LEADER, Role.BRANCH_SECRETARY},
    label="查看诉求办理指标",
)
MANAGE_CATEGORIES = rule(
    "appeals.manage_category",
    roles={Role.DISTRICT_ADMIN, Role.SYSTEM_ADMIN},
    label="维护诉求分类与时限",
)
