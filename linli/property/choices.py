from django.db import models


class ServiceLevel(models.TextChoices):
    FIRST = "1", "一级"
    SECOND = "2", "二级"
    THIRD = "3", "三级"
    FOURTH = "4", "四级"
    FIFTH = "5", "五级"


class CreditKind(models.TextChoices):
    BASIC = "basic", "基础分"
    GOOD = "good", "良好信息"
    BAD = "bad", "不良信息"
    REVERSAL = "reversal", "撤销"


class CreditSource(models.TextChoices):
    EVALUATION = "evaluation", "支部评价"
    APPEAL = "appeal", "群众诉求"
    MANUAL = "manual", "人工录入"


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    ACTIVE = "active", "整治中"
    CLOSED = "closed", "已结束"
