"""Who may do what with topics (议题) and meetings. Scope always applies on top (core.policy): residents
and front-line workers reach the 小区 they live or serve in, the branch its 小区, staff their territory.
Review and organisation belong to the party organisation (议题审核把关): the branch of the 小区 or staff."""

from linli.core.policy import rule
from linli.core.roles import COMPOUND_BODIES, FRONT_LINE, STAFF, Role

BRANCH = frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_MEMBER})
ORGANISERS = BRANCH | STAFF
WORKERS = COMPOUND_BODIES | FRONT_LINE | STAFF
EVERYONE = frozenset(Role.values)

VIEW_TOPIC = rule(
    "deliberation.view_topic",
    roles=WORKERS,
    label="查看辖区内全部议题（含待审核、已退回）",
)
PARTICIPATE = rule(
    "deliberation.participate_topic",
    roles=EVERYONE,
    label="参与本小区议事：查看公开议题和会议，提需求、提意见、支持、评价、签到",
)
PROPOSE_TOPIC = rule(
    "deliberation.add_topic",
    roles=EVERYONE,
    label="提出议题（居民、支部、业委会、物业、网格）",
)
REVISE_TOPIC = rule(
    "deliberation.revise_topic",
    roles=(),
    relation_roles=EVERYONE,
    label="修改并重新提交、撤回本人提出的议题",
)
REVIEW_TOPIC = rule(
    "deliberation.review_topic",
    roles=ORGANISERS,
    label="审核议题：通过或退回（议题审核把关）",
)
MANAGE_TOPIC = rule(
    "deliberation.change_topic",
    roles=ORGANISERS,
    label="组织议事：征求意见、提交会议或表决、形成决议、办结",
)
SUPERVISE_ITEM = rule(
    "deliberation.supervise_item",
    roles=ORGANISERS,
    relation_roles=WORKERS,
    label="督办决议事项：记录进展、标记完成（组织者，或事项责任人本人）",
)
MANAGE_MEETING = rule(
    "deliberation.change_meeting",
    roles=ORGANISERS,
    label="安排会议：议程、参会人、签到、会议记录和会议决定",
)
VIEW_CADENCE = rule(
    "deliberation.view_cadence",
    roles=STAFF | BRANCH,
    label="查看联席会议按月召开情况和议事统计",
)

#: The body a proposer may speak for, by the roles they hold at the 小区.
BODY_ROLES = {
    "branch": BRANCH,
    "owners_committee": frozenset({Role.OWNERS_COMMITTEE}),
    "property": frozenset({Role.PROPERTY_STAFF}),
    "grid": frozenset({Role.GRID_LEADER, Role.GRID_WORKER, Role.MICRO_GRID_WORKER}),
}
