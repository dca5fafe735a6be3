from django.db import models


class TopicStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回修改"
    WITHDRAWN = "withdrawn", "已撤回"
    COLLECTING = "collecting", "征集需求"
    DISCUSSING = "discussing", "征求意见"
    DECIDING = "deciding", "会议协商/表决"
    IMPLEMENTING = "implementing", "决议落实（督办）"
    CLOSED = "closed", "已办结"


#: States in which the topic is public to the residents of its 小区 (it passed review).
PUBLIC_STATES = frozenset(
    {
        TopicStatus.COLLECTING,
        TopicStatus.DISCUSSING,
        TopicStatus.DECIDING,
        TopicStatus.IMPLEMENTING,
        TopicStatus.CLOSED,
    }
)
#: States counted as "deliberation held" (a decision was reached).
RESOLVED_STATES = frozenset({TopicStatus.IMPLEMENTING, TopicStatus.CLOSED})


class ProposerBody(models.TextChoices):
    RESIDENT = "resident", "居民"
    BRANCH = "branch", "小区党支部"
    OWNERS_COMMITTEE = "owners_committee", "业委会"
    PROPERTY = "property", "物业"
    GRID = "grid", "网格"


class TopicCategory(models.TextChoices):
    FACILITY = "facility", "公共设施"
    LIFT = "lift", "电梯加装"
    PROPERTY = "property", "物业服务与选聘"
    FUNDING = "funding", "众筹项目"
    CONVENTION = "convention", "邻里公约"
    ENVIRONMENT = "environment", "环境整治"
    OTHER = "other", "其他"


class DecisionMode(models.TextChoices):
    MEETING = "meeting", "会议协商"
    VOTE = "vote", "投票表决"


class TopicEventKind(models.TextChoices):
    PROPOSED = "proposed", "提出议题"
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "退回修改"
    RESUBMITTED = "resubmitted", "修改后重新提交"
    WITHDRAWN = "withdrawn", "撤回"
    OPENED = "opened", "开始征求意见"
    SENT_TO_DECISION = "sent_to_decision", "提交会议协商/表决"
    RESOLVED = "resolved", "形成决议"
    CLOSED = "closed", "办结"
    POLL_LINKED = "poll_linked", "关联投票"


class InputKind(models.TextChoices):
    NEED = "need", "需求（事前谈需求）"
    OPINION = "opinion", "意见（事中提意见）"


class ProgressKind(models.TextChoices):
    PROGRESS = "progress", "进展"
    URGE = "urge", "督办"
    DONE = "done", "完成"


class MeetingKind(models.TextChoices):
    JOINT = "joint", "联席会议"
    RESIDENTS_COUNCIL = "residents_council", "居民议事会"
    FORUM = "forum", "民情恳谈会"
    COURTYARD = "courtyard", "坝坝会"
    GRID = "grid", "网格议事会"
    SECRETARY = "secretary", "书记面对面"
    RECEPTION = "reception", "接待日"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "已安排"
    HELD = "held", "已召开"
    CANCELLED = "cancelled", "已取消"
