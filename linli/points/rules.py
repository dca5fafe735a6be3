from linli.core.policy import rule
from linli.core.roles import WORKERS, Role

_MANAGERS = {Role.COMMUNITY_WORKER, Role.COMMUNITY_SECRETARY, Role.SYSTEM_ADMIN}

VIEW_POINTS = rule(
    "points.view_account",
    roles=_MANAGERS | {Role.STREET_OFFICIAL, Role.BRANCH_SECRETARY},
    relation_roles={Role.VOLUNTEER},
    label="查看志愿积分",
)
MANAGE_POINTS = rule("points.change_account", roles=_MANAGERS, label="荣誉积分、冲正、积分超市管理")
REDEEM = rule("points.redeem", roles=set(), relation_roles={Role.VOLUNTEER}, label="兑换积分奖品")
VIEW_REWARD = rule("points.view_reward", roles=WORKERS | {Role.RESIDENT}, label="查看积分超市")
