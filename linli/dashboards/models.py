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
        indexes = [models.Index(fields=["computed_at"], name="figure_computed_at")]  # "最近一次汇总"

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


class RankingWeight(models.Model):
    """A weighted indicator of the rankings (评比): configurable per level of what is ranked."""

    level = models.PositiveSmallIntegerField("被评比的层级")  # PlaceLevel: 2 街道, 3 社区, 4 小区
    metric = models.CharField("指标", max_length=40)  # a Figure metric or an appeal rate ("rate:closure")
    weight = models.PositiveSmallIntegerField("权重")

    class Meta:
        verbose_name = "评比指标权重"
        verbose_name_plural = "评比指标权重"
        ordering = ["level", "-weight"]
        constraints = [models.UniqueConstraint(fields=["level", "metric"], name="ranking_weight_unique")]

    def __str__(self):
        return f"{self.level} {self.metric} × {self.weight}"


class SteeringKind(models.TextChoices):
    """The "1136" rhythm of steering events."""

    ONSITE = "onsite", "每月现场推进会"
    DISPATCH = "dispatch", "每月调度会"
    INSPECTION = "inspection", "每季度督查"
    REVIEW = "review", "半年总结讲评"


class SteeringEvent(models.Model):
    place = models.ForeignKey("places.Place", verbose_name="层级", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=12, choices=SteeringKind.choices)
    due = models.DateField("应于何日前召开")
    held_on = models.DateField("召开日期", null=True, blank=True)
    record = models.TextField("记录", blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "“1136”工作调度"
        verbose_name_plural = "“1136”工作调度"
        ordering = ["due", "kind"]
        constraints = [models.UniqueConstraint(fields=["place", "kind", "due"], name="steering_unique")]

    def __str__(self):
        return f"{self.place} {self.get_kind_display()} {self.due}"

    @classmethod
    def scope_q(cls, scope):
        from linli.core.policy import subtree_q

        return subtree_q("place__code", scope.place_codes)
