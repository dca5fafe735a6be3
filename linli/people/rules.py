from linli.core.policy import rule
from linli.core.roles import FRONT_LINE, STAFF, Role

VIEW_PERSON = rule(
    "people.view_person",
    roles=FRONT_LINE | STAFF | {Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.RESIDENT},
    label="查看居民",
)
CHANGE_PERSON = rule(
    "people.change_person",
    roles={Role.INFORMANT, Role.GRID_WORKER, Role.GRID_LEADER, Role.MICRO_GRID_WORKER}
    | (STAFF - {Role.DISTRICT_ADMIN}),
    label="维护居民信息",
)
