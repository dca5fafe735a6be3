from linli.core.policy import rule
from linli.core.roles import FRONT_LINE, STAFF, Role

VIEW_PERSON = rule(
    "people.view_person",
    roles=FRONT_LINE | STAFF | {Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.RESIDENT},
    label="查看居民",
)
#: Edit rights follow scope: a 信息员 their own 楼道, a 网格员 their grid, community staff their community.
CHANGE_PERSON = rule(
    "people.change_person",
    roles={Role.INFORMANT, Role.GRID_WORKER, Role.GRID_LEADER, Role.MICRO_GRID_WORKER}
    | (STAFF - {Role.DISTRICT_ADMIN}),
    label="维护居民信息",
)
#: Seeing a full 身份证号 or mobile number (with a reason; rate-limited; audited).
REVEAL_PERSON = rule(
    "people.reveal_person",
    roles={
        Role.GRID_WORKER,
        Role.GRID_LEADER,
        Role.MICRO_GRID_WORKER,
        Role.COMMUNITY_WORKER,
        Role.COMMUNITY_SECRETARY,
        Role.SYSTEM_ADMIN,
    },
    label="查看完整身份证号和手机号",
)
#: Export of ledger lists (masked); the full values need EXPORT_PERSON_FULL as well.
EXPORT_PERSON = rule(
    "people.export_person",
    roles={
        Role.GRID_LEADER,
        Role.COMMUNITY_WORKER,
        Role.COMMUNITY_SECRETARY,
        Role.STREET_OFFICIAL,
        Role.SYSTEM_ADMIN,
    },
    label="导出居民名单",
)
EXPORT_PERSON_FULL = rule(
    "people.export_person_full",
    roles={Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.SYSTEM_ADMIN},
    label="导出含完整身份证号、手机号的居民名单",
)
IMPORT_PERSON = rule(
    "people.import_person",
    roles={
        Role.GRID_WORKER,
        Role.GRID_LEADER,
        Role.COMMUNITY_WORKER,
        Role.COMMUNITY_SECRETARY,
        Role.SYSTEM_ADMIN,
    },
    label="导入居民台账",
)
#: Answering residents' requests to delete their personal information (PIPL), in scope.
HANDLE_DELETION = rule(
    "people.handle_deletion",
    roles={Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY, Role.SYSTEM_ADMIN},
    label="处理个人信息删除申请",
)
