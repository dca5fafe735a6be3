from django.db import models


class Channel(models.TextChoices):
    SELF_SERVICE = "self_service", "居民自助"
    ON_BEHALF = "on_behalf", "代办"
    RECEPTION_DAY = "reception_day", "支部接待日"
    VISIT = "visit", "走访/敲门行动"
    FORUM = "forum", "民情恳谈会/书记面对面"
    PATROL = "patrol", "网格巡查"
    HOTLINE = "hotline", "12345热线"
    OPEN311 = "open311", "Open311"
    API = "api", "内部接口"


class AppealType(models.TextChoices):
    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    PRAISE = "praise", "表扬"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    RECEIVED = "received", "待派单"
    DISPATCHED = "dispatched", "待签收"
    IN_PROGRESS = "in_progress", "办理中"
    REPLIED = "replied", "待核查"
    CLOSED = "closed", "已办结待评价"
    RATED = "rated", "已评价"
    POSTPONED = "postponed", "缓办"
    SHELVED = "shelved", "挂账"
    INVALID = "invalid", "不予受理"
    MERGED = "merged", "已合并"


#: Open311 sees two states: open or closed.
CLOSED_STATES = frozenset({Status.CLOSED, Status.RATED, Status.INVALID, Status.MERGED})
#: States in which someone still has to act.
OPEN_STATES = frozenset(set(Status.values) - CLOSED_STATES)


class Level(models.IntegerChoices):
    """Where an appeal is handled; escalation moves it one step up."""

    COMPOUND = 4, "小区"
    COMMUNITY = 3, "社区"
    STREET = 2, "街道"
    DISTRICT = 1, "区/部门"


class Flow(models.TextChoices):
    STANDARD = "standard", "闭环流程（受理→派单→签收→办理→反馈→办结→评价）"
    COMMUNITY = "community", "居民点单、小区派单、党员接单、群众评单"


class Routing(models.TextChoices):
    TERRITORY = "territory", "先属地后属主（事件）"
    OWNER = "owner", "先属主后属地（部件）"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class UnitKind(models.TextChoices):
    PROPERTY = "property", "物业服务企业"
    COMMUNITY = "community", "社区"
    STREET_OFFICE = "street_office", "街道科室"
    DEPARTMENT = "department", "区职能部门"
    UTILITY = "utility", "供水供电供气企业"
    PARTY = "party", "小区党支部"
    OTHER = "other", "其他"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "提交"
    RECEIVED = "received", "受理"
    REJECTED = "rejected", "不予受理"
    DISPATCHED = "dispatched", "派单"
    CLAIMED = "claimed", "接单"
    SIGNED = "signed", "签收"
    RETURNED = "returned", "回退"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_GRANTED = "extension_granted", "同意延期"
    EXTENSION_DENIED = "extension_denied", "不同意延期"
    REPLIED = "replied", "反馈办理结果"
    SENT_BACK = "sent_back", "核查不通过"
    CLOSED = "closed", "办结"
    VISITED = "visited", "回访"
    RATED = "rated", "评价"
    REWORKED = "reworked", "重办"
    REOPENED = "reopened", "重新打开"
    ESCALATED = "escalated", "上报"
    MERGED = "merged", "合并"
    POSTPONED = "postponed", "缓办"
    SHELVED = "shelved", "挂账"
    RESUMED = "resumed", "恢复办理"
    YELLOW_CARD = "yellow_card", "黄牌督办"
    RED_CARD = "red_card", "红牌督办"
    NOTED = "noted", "内部备注"
    CLASSIFIED = "classified", "分类"
