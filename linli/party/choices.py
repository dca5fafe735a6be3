from django.db import models


class OrgLevel(models.IntegerChoices):
    STREET = 1, "街道大工委"
    COMMUNITY = 2, "社区大党委"
    BRANCH = 3, "小区党支部"
    GROUP = 4, "楼栋党小组"


class OrgType(models.TextChoices):
    ENTITY = "entity", "实体型"
    FUNCTIONAL = "functional", "功能型"


class Formation(models.TextChoices):
    SINGLE = "single", "单独组建"
    JOINT = "joint", "联合组建"


class MemberStatus(models.TextChoices):
    EMPLOYED = "employed", "在职"
    RETIRED = "retired", "退休"
    FLOATING = "floating", "流动"


class Registration(models.TextChoices):
    NONE = "none", "未报到"
    REQUESTED = "requested", "待确认"
    CONFIRMED = "confirmed", "已报到"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已转入"
    REJECTED = "rejected", "已退回"


class ActivityKind(models.TextChoices):
    THREE_SHOWS = "three_shows", "三亮三带头"
    PARTY_DAY = "party_day", "主题党日"
    SERVICE = "service", "志愿服务"
    OTHER = "other", "其他"


class BodyKind(models.TextChoices):
    BRANCH = "branch", "党支部"
    OWNERS_COMMITTEE = "owners_committee", "业主委员会"
    SUPERVISORY = "supervisory", "监事会"
    PROPERTY_COMMITTEE = "property_committee", "物业管理委员会"
    PROPERTY_COMPANY = "property_company", "物业公司"
    STREET_GUIDANCE = "street_guidance", "街道物业指导委员会"
    COMMUNITY_GUIDANCE = "community_guidance", "社区物业指导委员会"
    SUPERVISION_GROUP = "supervision_group", "小区物业监督小组"


#: Bodies with an elected term (换届 reminders, 能建尽建).
OWNERS_BODIES = (BodyKind.OWNERS_COMMITTEE, BodyKind.PROPERTY_COMMITTEE, BodyKind.SUPERVISORY)


class SeatKind(models.TextChoices):
    NONE = "", "—"
    # 五类人员 (managed 小区)
    PROPERTY_PARTY_MANAGER = "property_party_manager", "物业公司党员管理层"
    OWNERS_PARTY_HEAD = "owners_party_head", "业委会党员负责人"
    SUPERVISORY_PARTY_HEAD = "supervisory_party_head", "监委会党员负责人"
    OWNER_PARTY_REP = "owner_party_rep", "业主党员代表"
    COMMUNITY_PARTY_WORKER = "community_party_worker", "社区党员工作者/党员网格员"
    # 三个层级 (unmanaged 小区)
    OWNER_PARTY_MEMBER = "owner_party_member", "业主党员"
    OWNER_PARTY_BUILDING_HEAD = "owner_party_building_head", "业主党员楼栋长"
    SECRETARY_AS_CHAIR = "secretary_as_chair", "兼任业委会（理事会）主任的支部书记"


FIVE_KINDS = (
    SeatKind.PROPERTY_PARTY_MANAGER,
    SeatKind.OWNERS_PARTY_HEAD,
    SeatKind.SUPERVISORY_PARTY_HEAD,
    SeatKind.OWNER_PARTY_REP,
    SeatKind.COMMUNITY_PARTY_WORKER,
)
THREE_LEVELS = (
    SeatKind.OWNER_PARTY_MEMBER,
    SeatKind.OWNER_PARTY_BUILDING_HEAD,
    SeatKind.SECRETARY_AS_CHAIR,
)


class UnitKind(models.TextChoices):
    ORGAN = "organ", "机关"
    ENTERPRISE = "enterprise", "企业"
    SCHOOL = "school", "学校"
    HOSPITAL = "hospital", "医院"
    OTHER = "other", "其他"


class RecordKind(models.TextChoices):
    ACTIVITY = "activity", "共建活动"
    DEED = "deed", "实事"
    MEDIATION = "mediation", "调解"
