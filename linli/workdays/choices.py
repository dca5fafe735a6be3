from django.db import models


class LimitUnit(models.TextChoices):
    NATURAL_HOURS = "natural_hours", "自然小时"
    NATURAL_DAYS = "natural_days", "自然日"
    WORKING_HOURS = "working_hours", "工作小时"
    WORKING_DAYS = "working_days", "工作日"
