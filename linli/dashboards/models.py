"""Pre-aggregated figures for the dashboards (驾驶舱), kept current by the background worker (tick.py) and
`linli refresh-dashboards`; a dashboard page reads these, never the raw records.

* ``AppealDaily``: the appeal counts (appeals.measures.Counts) of the appeals submitted on a day, per
  node (区 6, 街道 9, 社区 12, 小区 15 digits of the place code). Summing days gives any period.
* ``Figure``: the current value of a snapshot figure per node (coverage, volunteers …), with its
  numerator and denominator so that the page can say how it was computed."""

from django.db import models


class AppealDaily(models.Model):
    day = models.DateField("日期")
    code = models.CharField("地点编码", max_length=15)
    submitted = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    parked = models.PositiveIntegerField(default=0)
    dispatched = models.PositiveIntegerField(default=0)
    signed_on_time = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    closed_on_time = models.PositiveIntegerField(default=0)
    closed_low = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    resolved_answered = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    reworked = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    extended = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "诉求日汇总"
        verbose_name_plural = "诉求日汇总"
        constraints = [models.UniqueConstraint(fields=["code", "day"], name="appeal_daily_unique")]

    def __str__(self):
        return f"{self.day} {self.code}"


class Figure(models.Model):
    code = models.CharField("地点编码", max_length=15)
    metric = models.CharField("指标", max_length=40)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    numerator = models.BigIntegerField("分子", null=True, blank=True)
    denominator = models.BigIntegerField("分母", null=True, blank=True)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "驾驶舱指标"
        verbose_name_plural = "驾驶舱指标"
        constraints = [models.UniqueConstraint(fields=["code", "metric"], name="figure_unique")]

    def __str__(self):
        return f"{self.code} {self.metric}={self.value}"


class AppealBreakdown(models.Model):
    """Appeals submitted on a day per node, by category group or by channel."""

    day = models.DateField("日期")
    code = models.CharField("地点编码", max_length=15)
    dimension = models.CharField("维度", max_length=10)  # "category" | "channel"
    key = models.CharField("取值", max_length=50)
    count = models.PositiveIntegerField("件数")

    class Meta:
        verbose_name = "诉求日分类汇总"
        verbose_name_plural = "诉求日分类汇总"
        indexes = [models.Index(fields=["code", "dimension", "day"])]

    def __str__(self):
        return f"{self.day} {self.code} {self.key}={self.count}"
