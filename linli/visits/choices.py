from django.db import models


class VisitKind(models.TextChoices):
    MONTHLY = "monthly", "月度走访"
    DOOR_KNOCK = "door_knock", "敲门行动"
    FOUR_CONTACTS = "four_contacts", "四必联"
    RECEPTION_DAY = "reception_day", "支部接待日"
    FOLLOW_UP = "follow_up", "回访"


class ContactReason(models.TextChoices):
    """四必联: the four occasions on which a household is always contacted."""

    EPIDEMIC = "epidemic", "疫情防控"
    HOME_VISIT = "home_visit", "入户走访"
    EMPTY_NEST = "empty_nest", "空巢留守"
    DISPUTE = "dispute", "邻里纠纷"


class Outcome(models.TextChoices):
    MET = "met", "见到本人"
    NOBODY_HOME = "nobody_home", "家中无人"
    REFUSED = "refused", "拒绝"
    PHONE = "phone", "电话联系"


#: Outcomes by which a household counts as reached for 每月全覆盖走访: someone came to the door (a refusal
#: is an answer too). 家中无人 is not a visit of the household, and a phone call is no home visit.
REACHED = frozenset({Outcome.MET, Outcome.REFUSED})
#: Outcomes that count as contact with a vulnerable resident (care alerts): seen in person or spoken to.
CONTACTED = frozenset({Outcome.MET, Outcome.PHONE})


class HazardCategory(models.TextChoices):
    FIRE_LANE = "fire_lane", "消防通道堵塞"
    EBIKE_CHARGING = "ebike_charging", "电动车违规充电"
    FALLING_OBJECTS = "falling_objects", "高空坠物"
    GAS = "gas", "燃气隐患"
    FACILITY = "facility", "设施破损"
    OTHER = "other", "其他"


#: Days to rectify by default (natural days from the day found); the reporter may enter another deadline.
HAZARD_DEFAULT_DAYS: dict[str, int] = {
    HazardCategory.FIRE_LANE: 1,
    HazardCategory.EBIKE_CHARGING: 1,
    HazardCategory.FALLING_OBJECTS: 3,
    HazardCategory.GAS: 1,
    HazardCategory.FACILITY: 7,
    HazardCategory.OTHER: 7,
}


class HazardStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFYING = "rectifying", "整改中"
    CLOSED = "closed", "已销号"


class HazardStepKind(models.TextChoices):
    REPORTED = "reported", "发现上报"
    STEP = "step", "整改进展"
    TO_APPEAL = "to_appeal", "转为工单"
    CLOSED = "closed", "整改销号"


class PhotoKind(models.TextChoices):
    FOUND = "found", "隐患照片"
    STEP = "step", "整改照片"
    EVIDENCE = "evidence", "销号佐证"
