"""The roles people hold in Linli. Roles are data: a user holds a role at a scope node for a period
(see accounts.RoleAssignment); what each role may do is declared per app in its rules.py."""

from django.db import models


class Role(models.TextChoices):
    RESIDENT = "resident", "居民"
    STAIRWELL_LEADER = "stairwell_leader", "楼道长"
    INFORMANT = "informant", "信息员"
    CARETAKER = "caretaker", "保障员"
    MICRO_GRID_WORKER = "micro_grid_worker", "微网格员"
    GRID_WORKER = "grid_worker", "网格员"
    GRID_LEADER = "grid_leader", "网格长"
    SPECIALIST_GRID_WORKER = "specialist_grid_worker", "专业网格员"
    BRANCH_SECRETARY = "branch_secretary", "小区党支部书记"
    BRANCH_MEMBER = "branch_member", "支部委员"
    OWNERS_COMMITTEE = "owners_committee", "业委会成员"
    PROPERTY_STAFF = "property_staff", "物业人员"
    COMMUNITY_WORKER = "community_worker", "社区工作者"
    COMMUNITY_SECRETARY = "community_secretary", "社区书记"
    STREET_OFFICIAL = "street_official", "街道干部"
    DISTRICT_ADMIN = "district_admin", "区级管理员（社治委）"
    DEPARTMENT_HANDLER = "department_handler", "部门处置人员"
    MEDIATOR = "mediator", "调解员"
    VOLUNTEER = "volunteer", "志愿者"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    AUDITOR = "auditor", "审计员"  # reads the audit log of personal-information access in their scope


#: Roles of people who serve in the grids and buildings (front line).
FRONT_LINE = frozenset(
    {
        Role.STAIRWELL_LEADER,
        Role.INFORMANT,
        Role.CARETAKER,
        Role.MICRO_GRID_WORKER,
        Role.GRID_WORKER,
        Role.GRID_LEADER,
        Role.SPECIALIST_GRID_WORKER,
    }
)
#: Roles of the 小区's "three in one": branch, owners' committee, property company.
COMPOUND_BODIES = frozenset(
    {Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.OWNERS_COMMITTEE, Role.PROPERTY_STAFF}
)
#: Staff of the community, street and district.
STAFF = frozenset(
    {
        Role.COMMUNITY_WORKER,
        Role.COMMUNITY_SECRETARY,
        Role.STREET_OFFICIAL,
        Role.DISTRICT_ADMIN,
        Role.SYSTEM_ADMIN,
    }
)
#: Everyone who works for the community in some role (not a plain resident).
WORKERS = FRONT_LINE | COMPOUND_BODIES | STAFF | {Role.DEPARTMENT_HANDLER, Role.MEDIATOR, Role.VOLUNTEER}

#: Who may appoint whom: a role may grant the listed roles, always within its own scope.
APPOINTABLE_BY: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(Role.values),
    Role.DISTRICT_ADMIN: frozenset(set(Role.values) - {Role.SYSTEM_ADMIN}),
    Role.STREET_OFFICIAL: frozenset(set(Role.values) - {Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN}),
    Role.COMMUNITY_SECRETARY: frozenset(
        set(Role.values) - {Role.SYSTEM_ADMIN, Role.DISTRICT_ADMIN, Role.STREET_OFFICIAL}
    ),
    Role.COMMUNITY_WORKER: frozenset(FRONT_LINE | {Role.RESIDENT, Role.VOLUNTEER}),
    Role.BRANCH_SECRETARY: frozenset(
        {Role.STAIRWELL_LEADER, Role.INFORMANT, Role.CARETAKER, Role.VOLUNTEER, Role.BRANCH_MEMBER}
    ),
    Role.GRID_LEADER: frozenset({Role.MICRO_GRID_WORKER, Role.GRID_WORKER, Role.VOLUNTEER}),
}

#: Roles that may be held without a scope node (the whole deployment).
GLOBAL_ROLES = frozenset({Role.SYSTEM_ADMIN})
