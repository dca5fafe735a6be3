from linli.core.policy import rule
from linli.core.roles import STAFF, WORKERS, Role

_MANAGERS = {
    Role.COMMUNITY_WORKER,
    Role.COMMUNITY_SECRETARY,
    Role.STREET_OFFICIAL,
    Role.BRANCH_SECRETARY,
    Role.SYSTEM_ADMIN,
}

VIEW_VOLUNTEER = rule(
    "volunteers.view_volunteer",
    roles=STAFF | {Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER, Role.GRID_LEADER, Role.GRID_WORKER},
    relation_roles={Role.VOLUNTEER},
    label="查看志愿者",
)
MANAGE_VOLUNTEER = rule("volunteers.change_volunteer", roles=_MANAGERS, label="登记和管理志愿者、服务队")
VIEW_ACTIVITY = rule("volunteers.view_activity", roles=WORKERS | {Role.RESIDENT}, label="查看志愿活动")
PUBLISH_ACTIVITY = rule("volunteers.add_activity", roles=_MANAGERS, label="发布志愿活动")
SIGN_UP = rule("volunteers.sign_up", roles={Role.VOLUNTEER}, label="报名参加志愿活动")
#: Confirming attendance: staff, or the leader of the activity's team (by relation).
CONFIRM_ATTENDANCE = rule(
    "volunteers.confirm_signup",
    roles=_MANAGERS,
    relation_roles={Role.VOLUNTEER},
    label="确认志愿者到场和时长",
)
