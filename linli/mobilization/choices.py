from django.db import models


class EmergencyKind(models.TextChoices):
    EPIDEMIC = "epidemic", "疫情防控"
    MAJOR_EVENT = "major_event", "重大活动保障"
    WEATHER = "weather", "气象灾害"
    OTHER = "other", "其他突发事件"


class Level(models.IntegerChoices):
    I = 1, "Ⅰ级（特别重大）"  # noqa: E741
    II = 2, "Ⅱ级（重大）"
    III = 3, "Ⅲ级（较大）"
    IV = 4, "Ⅳ级（一般）"


class Template(models.TextChoices):
    NOTIFY_ALL = "notify_all", "逐户告知"
    CHECK_VULNERABLE = "check_vulnerable", "关爱对象逐一排查"
    COLLECT_NEEDS = "collect_needs", "收集群众需求"


class EmergencyStatus(models.TextChoices):
    ACTIVE = "active", "进行中"
    CLOSED = "closed", "已结束"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "待联系"
    REACHED = "reached", "已联系到"
    NOT_HOME = "not_home", "无人在家"
    NEEDS_HELP = "needs_help", "需要帮助"


#: Outcomes that count as "reached" for coverage.
REACHED = (TaskStatus.REACHED, TaskStatus.NEEDS_HELP)
