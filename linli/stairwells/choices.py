from django.db import models


class Indicator(models.TextChoices):
    VISIT_COVERAGE = "visit_coverage", "每月走访覆盖率（%）"
    APPEALS_SOLVED = "appeals_solved", "诉求解决率（%）"
    VOLUNTEER_HOURS = "volunteer_hours", "户均志愿服务时长（小时）"
    ACTIVITIES = "activities", "居民参加志愿活动（人次）"


class PlanKind(models.TextChoices):
    MONTHLY = "monthly", "月度走访"
    FOUR_CONTACTS = "four_contacts", "四必联"


#: Default criteria (indicator, weight, target): configurable in the admin.
DEFAULT_CRITERIA = [
    (Indicator.VISIT_COVERAGE, 40, 100),
    (Indicator.APPEALS_SOLVED, 30, 90),
    (Indicator.VOLUNTEER_HOURS, 20, "0.5"),
    (Indicator.ACTIVITIES, 10, 5),
]
#: Stars by score (out of 100): the first threshold reached.
STAR_THRESHOLDS = [(90, 5), (75, 4), (60, 3), (40, 2), (0, 1)]
