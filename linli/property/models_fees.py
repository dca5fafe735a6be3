"""物业费 per household (bills and the append-only payments against them) and the property event log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q
from linli.places.models import Place

from .choices import EventKind, PaymentMethod, PaymentSource


class FeeBill(models.Model):
    """What one household owes for one period. ``paid`` is the sum of its payments, kept by the
    payment service in the same transaction and guarded by the constraint 0 ≤ paid ≤ due."""

    household = models.ForeignKey(Place, models.PROTECT, verbose_name="户", related_name="+")
    compound = models.ForeignKey(Place, models.PROTECT, verbose_name="小区", related_name="+")
    period = models.CharField("期间", max_length=7)  # 2026 or 2026Q4
    payer_name = models.CharField("业主姓名", max_length=50, blank=True)
    due = models.DecimalField("应收金额（元）", max_digits=12, decimal_places=2)
    paid = models.DecimalField("已缴金额（元）", max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField("开单时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "物业费账单"
        verbose_name_plural = "物业费账单"
        ordering = ["-period", "household__code"]
        indexes = [models.Index(fields=["compound", "period"], name="property_bill_compound_period")]
        constraints = [
            models.UniqueConstraint(fields=["household", "period"], name="property_bill_one_per_period"),
            models.CheckConstraint(
                condition=Q(due__gt=0, paid__gte=0, paid__lte=F("due")), name="property_bill_amounts"
            ),
        ]

    def __str__(self):
        return f"{self.household} {self.period}"

    @property
    def owed(self):
        return self.due - self.paid

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("household__code", scope.place_codes) | subtree_q(
            "household__grid__code", scope.grid_codes
        )


class FeePayment(AppendOnly):
    bill = models.ForeignKey(FeeBill, models.PROTECT, related_name="payments")
    amount = models.DecimalField("缴费金额（元）", max_digits=12, decimal_places=2)
    paid_on = models.DateField("缴费日期")
    method = models.CharField("缴费方式", max_length=10, choices=PaymentMethod.choices)
    receipt_no = models.CharField("票据号", max_length=40, blank=True)
    source = models.CharField("来源", max_length=10, choices=PaymentSource.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "物业费缴费记录"
        verbose_name_plural = "物业费缴费记录"
        ordering = ["-paid_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="property_payment_positive")]

    def __str__(self):
        return f"{self.bill} {self.amount}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("bill__household__code", scope.place_codes)


class PropertyEvent(AppendOnly):
    """Who did what in 物业费 and 集中整治: one immutable row per write."""

    kind = models.CharField("事件", max_length=24, choices=EventKind.choices)
    compound = models.ForeignKey(Place, models.PROTECT, null=True, blank=True, related_name="+")
    bill = models.ForeignKey(FeeBill, models.PROTECT, null=True, blank=True, related_name="events")
    campaign = models.ForeignKey(
        "property.Campaign", models.PROTECT, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    actor_role = models.CharField("身份", max_length=32, blank=True)
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "物业事件"
        verbose_name_plural = "物业事件"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
