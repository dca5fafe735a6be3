from django.db import models


class VolunteerKind(models.TextChoices):
    RESIDENT = "resident", "居民志愿者"
    PARTY_MEMBER = "party_member", "党员志愿者"
    PART_TIME_GRID = "part_time_grid", "兼职网格员（快递员、外卖骑手等）"


class TeamKind(models.TextChoices):
    PATROL = "patrol", "巡逻值守"
    ENVIRONMENT = "environment", "环境整治"
    LEGAL = "legal", "法制宣讲"
    MEDIATION = "mediation", "矛盾调解"
    ELDERLY_CHILDREN = "elderly_children", "助老扶幼"
    OTHER = "other", "其他"


class ActivityStatus(models.TextChoices):
    PUBLISHED = "published", "报名中"
    CANCELLED = "cancelled", "已取消"
    CLOSED = "closed", "已结束"


class SignUpStatus(models.TextChoices):
    SIGNED = "signed", "已报名"
    CANCELLED = "cancelled", "已取消报名"
