from django.db import models


class EntryKind(models.TextChoices):
    SERVICE = "service", "服务时长积分"
    HONOUR = "honour", "荣誉积分"
    REDEEM = "redeem", "兑换"
    REVERSAL = "reversal", "冲正"


class Window(models.TextChoices):
    NONE = "none", "不限期"
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"
