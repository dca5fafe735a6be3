from django.db import models


class PollKind(models.TextChoices):
    OPINION = "opinion", "意见征询"
    ASSEMBLY = "assembly", "业主大会表决"


class PollStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "投票中"
    CLOSED = "closed", "已结束"


class ChoiceMode(models.TextChoices):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"


class VoterUnit(models.TextChoices):
    HOUSEHOLD = "household", "每户一票"
    PERSON = "person", "每人一票"
    OWNER = "owner", "每个专有部分一票（业主）"


class Matter(models.TextChoices):
    """The matters of 民法典 §278 (1)–(9); (6)–(8) are special (3/4 of those voting)."""

    RULES_OF_PROCEDURE = "rules", "制定和修改业主大会议事规则"
    CONVENTION = "convention", "制定和修改管理规约"
    COMMITTEE = "committee", "选举业主委员会或者更换业主委员会成员"
    MANAGER = "manager", "选聘和解聘物业服务企业或者其他管理人"
    USE_FUND = "use_fund", "使用建筑物及其附属设施的维修资金"
    RAISE_FUND = "raise_fund", "筹集建筑物及其附属设施的维修资金"
    REBUILD = "rebuild", "改建、重建建筑物及其附属设施"
    COMMON_USE = "common_use", "改变共有部分的用途或者利用共有部分从事经营活动"
    OTHER = "other", "有关共有和共同管理权利的其他重大事项"


SPECIAL_MATTERS = frozenset({Matter.RAISE_FUND, Matter.REBUILD, Matter.COMMON_USE})


class Outcome(models.TextChoices):
    PASSED = "passed", "通过"
    REJECTED = "rejected", "未通过"
    NO_QUORUM = "no_quorum", "参与表决未达法定比例"


class Channel(models.TextChoices):
    ONLINE = "online", "线上投票"
    PAPER = "paper", "纸质表决票（工作人员录入）"


class EventKind(models.TextChoices):
    CREATED = "created", "创建"
    OPENED = "opened", "开始投票"
    CLOSED = "closed", "结束投票"
    PAPER_ENTERED = "paper_entered", "录入纸质票"
    AREA_SET = "area_set", "登记专有部分面积"


#: The three options of every 业主大会 vote, in this order.
ASSEMBLY_OPTIONS = ("同意", "反对", "弃权")
