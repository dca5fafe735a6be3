from django.db import models


class DisputeType(models.TextChoices):
    NEIGHBOUR = "neighbour", "邻里纠纷"
    PROPERTY = "property", "物业纠纷"
    CONSTRUCTION = "construction", "建设施工纠纷"
    FAMILY = "family", "家庭纠纷"
    MARRIAGE = "marriage", "婚姻纠纷"
    DAMAGES = "damages", "损害赔偿纠纷"
    OTHER = "other", "其他纠纷"


class Origin(models.TextChoices):
    APPLICATION = "application", "当事人申请"
    INITIATIVE = "initiative", "调委会主动调解"


class Status(models.TextChoices):
    REGISTERED = "registered", "已登记待受理"
    REFUSED = "refused", "不予受理"
    MEDIATING = "mediating", "调解中"
    SIGNING = "signing", "协议待签署"
    RESOLVED = "resolved", "调解成功"
    FAILED = "failed", "调解不成"


#: States in which the case is over (only follow-up visits and the judicial-confirmation note remain).
CONCLUDED = frozenset({Status.RESOLVED, Status.FAILED})


class Level(models.IntegerChoices):
    """Where the dispute is being mediated: "矛盾不出小区" counts those settled at the first."""

    COMPOUND = 4, "小区调解小组"
    COMMUNITY = 3, "社区人民调解委员会"
    STREET = 2, "街道人民调解委员会"


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    OTHER = "other", "其他当事人"


class AgreementKind(models.TextChoices):
    WRITTEN = "written", "书面调解协议"
    ORAL = "oral", "口头协议"


class Signer(models.TextChoices):
    PARTY = "party", "当事人签名"
    MEDIATOR = "mediator", "调解员签名"
    SEAL = "seal", "调委会盖章"


class Advice(models.TextChoices):
    """Where a case that mediation could not settle is pointed (告知其他途径)."""

    LITIGATION = "litigation", "向人民法院提起诉讼"
    ARBITRATION = "arbitration", "申请仲裁"
    PETITION = "petition", "信访渠道反映"
    ADMINISTRATIVE = "administrative", "申请行政机关处理"
    OTHER = "other", "其他途径"


class Performance(models.TextChoices):
    DONE = "done", "已履行"
    PARTLY = "partly", "部分履行"
    NOT_DONE = "not_done", "未履行"
    RENEGED = "reneged", "一方反悔"
    NOT_APPLICABLE = "na", "不适用（调解不成）"


class Judicial(models.TextChoices):
    NONE = "", "未记录"
    APPLIED = "applied", "已共同申请司法确认"
    WAIVED = "waived", "当事人表示不申请"


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    ACCEPTED = "accepted", "受理"
    REFUSED = "refused", "不予受理"
    SESSION = "session", "调解记录（笔录）"
    ESCALATED = "escalated", "提交上级调委会"
    DRAFTED = "drafted", "制作调解协议书"
    SIGNED = "signed", "协议签署"
    RESOLVED = "resolved", "调解成功"
    FAILED = "failed", "调解不成"
    FOLLOWED_UP = "followed_up", "回访"
    JUDICIAL = "judicial", "司法确认情况"
    REMINDED = "reminded", "司法确认期限提醒"
