"""楼道"一长二员" (楼道长, 信息员, 保障员): the monthly full-coverage visit plan generated from the ledger with
the 四必联 contacts as tasks, the star rating of each 楼道 (星级楼道) from configurable weighted criteria,
and 先锋楼道 awards per period."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.policy import Scope, subtree_q

from .choices import Indicator, PlanKind


class Criterion(models.Model):
    indicator = models.CharField("指标", max_length=20, choices=Indicator.choices, unique=True)
    weight = models.PositiveSmallIntegerField("权重")
    target = models.DecimalField("满分目标值", max_digits=8, decimal_places=2)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "星级楼道评定指标"
        verbose_name_plural = "星级楼道评定指标"
        ordering = ["-weight", "id"]
        constraints = [models.CheckConstraint(condition=Q(target__gt=0), name="criterion_target_positive")]

    def __str__(self):
        return f"{self.get_indicator_display()} × {self.weight}"


class Rating(models.Model):
    unit = models.ForeignKey(
        "places.Place", verbose_name="楼道（单元）", on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField("月份")  # the first day of the month
    values = models.JSONField("指标值", default=dict)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, default=Decimal("0"))
    stars = models.PositiveSmallIntegerField("星级", default=1)
    computed_at = models.DateTimeField("评定时间", auto_now=True)

    class Meta:
        verbose_name = "星级楼道评定"
        verbose_name_plural = "星级楼道评定"
        ordering = ["-period", "-score", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="one_rating_per_unit_month")]

    def __str__(self):
        return f"{self.unit} {self.period:%Y-%m} {self.stars}星"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("unit__code", scope.place_codes) | Q(unit__in=_units_of_grids(scope.grid_codes))


def _units_of_grids(grid_codes):
    from linli.places.choices import PlaceLevel
    from linli.places.models import Place

    if not grid_codes:
        return Place.objects.none()
    homes = Place.objects.filter(level=PlaceLevel.HOUSEHOLD).filter(subtree_q("grid__code", grid_codes))
    return homes.values("parent_id")


class PioneerAward(models.Model):
    unit = models.ForeignKey(
        "places.Place", verbose_name="楼道（单元）", on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField("月份")
    title = models.CharField("称号", max_length=20, default="先锋楼道")
    reason = models.CharField("事迹", max_length=200, blank=True)
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评定人", on_delete=models.PROTECT)
    at = models.DateTimeField("评定时间", auto_now_add=True)

    class Meta:
        verbose_name = "先锋楼道"
        verbose_name_plural = "先锋楼道"
        ordering = ["-period", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="one_award_per_unit_month")]

    def __str__(self):
        return f"{self.period:%Y-%m} {self.title} {self.unit}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Rating.scope_q(scope)


class VisitPlan(models.Model):
    unit = models.ForeignKey(
        "places.Place", verbose_name="楼道（单元）", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("月份")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT
    )
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "走访计划"
        verbose_name_plural = "走访计划"
        ordering = ["-month", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="one_plan_per_unit_month")]

    def __str__(self):
        return f"{self.unit} {self.month:%Y-%m}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Rating.scope_q(scope)


class PlanItem(models.Model):
    plan = models.ForeignKey(VisitPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="items")
    household = models.ForeignKey(
        "places.Place", verbose_name="户", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=16, choices=PlanKind.choices)
    reason = models.CharField("事由", max_length=100, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    week = models.PositiveSmallIntegerField("第几周")
    priority = models.PositiveSmallIntegerField("优先", default=1)

    class Meta:
        verbose_name = "走访任务"
        verbose_name_plural = "走访任务"
        ordering = ["week", "priority", "household__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "household", "kind"], name="one_item_per_household_kind")
        ]

    def __str__(self):
        return f"{self.plan} · {self.household}"
