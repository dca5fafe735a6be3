"""The points ledger (积分): append-only entries, a balance that can never go below zero and cannot be
spent twice, rewards with stock and per-person limits, honours.

* ``Account.balance`` is changed only by compare-and-set (``balance >= cost`` for a spend) in the same
  transaction as the entry that explains it; a database check keeps it ≥ 0 whatever happens.
* ``Entry`` rows are never changed or deleted; a correction is a reversing entry (one per entry: unique).
* One service award per sign-up (unique), so a retried check-out never pays twice.
* A redemption takes the next ``seq`` of the person's redemptions of that reward in the window; the
  unique constraint on (account, reward, window, seq) makes two simultaneous ones collide instead of
  both slipping under the limit."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q

from .choices import EntryKind, Window


class Account(models.Model):
    volunteer = models.OneToOneField(
        "volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT, related_name="points"
    )
    balance = models.IntegerField("积分余额", default=0)
    earned = models.IntegerField("累计获得", default=0)
    minutes = models.PositiveIntegerField("累计服务时长（分钟）", default=0)

    class Meta:
        verbose_name = "积分账户"
        verbose_name_plural = "积分账户"
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="points_balance_not_negative")
        ]

    def __str__(self):
        return f"{self.volunteer}：{self.balance} 分"

    @property
    def hours(self):
        from decimal import Decimal

        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("volunteer__place__code", scope.place_codes)

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        return Q(volunteer__user=user)


class Entry(AppendOnly):
    account = models.ForeignKey(
        Account, verbose_name="账户", on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField("类别", max_length=12, choices=EntryKind.choices)
    amount = models.IntegerField("积分")
    balance_after = models.IntegerField("变动后余额")
    minutes = models.PositiveIntegerField("服务时长（分钟）", default=0)
    signup = models.OneToOneField(
        "volunteers.SignUp",
        verbose_name="活动报名",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_entry",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name="冲正对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    reason = models.CharField("说明", max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT
    )
    day = models.DateField("归属日期")  # the service day, for the per-day cap
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "积分明细"
        verbose_name_plural = "积分明细"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["account", "kind", "day"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount:+d}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("account__volunteer__place__code", scope.place_codes)

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        return Q(account__volunteer__user=user)


class Reward(models.Model):
    name = models.CharField("奖品/服务", max_length=50)
    description = models.CharField("说明", max_length=200, blank=True)
    place = models.ForeignKey("places.Place", verbose_name="积分超市所在社区", on_delete=models.PROTECT)
    cost = models.PositiveIntegerField("所需积分")
    stock = models.PositiveIntegerField("库存")
    per_person_limit = models.PositiveIntegerField("每人限兑", default=1)
    window = models.CharField("限兑周期", max_length=10, choices=Window.choices, default=Window.QUARTER)
    is_active = models.BooleanField("上架", default=True)

    class Meta:
        verbose_name = "积分奖品"
        verbose_name_plural = "积分奖品"
        ordering = ["place", "cost", "id"]
        constraints = [models.CheckConstraint(condition=Q(cost__gt=0), name="reward_cost_positive")]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Rewards of a community are offered to everyone in it: a volunteer of a 小区 sees its community's.
        q = subtree_q("place__code", scope.place_codes)
        for code in scope.place_codes:
            q |= Q(place__code__in=[code[:n] for n in (6, 9, 12)])
        return q


class Redemption(models.Model):
    reward = models.ForeignKey(
        Reward, verbose_name="奖品", on_delete=models.PROTECT, related_name="redemptions"
    )
    account = models.ForeignKey(
        Account, verbose_name="账户", on_delete=models.PROTECT, related_name="redemptions"
    )
    entry = models.OneToOneField(Entry, verbose_name="积分明细", on_delete=models.PROTECT)
    window_key = models.CharField("周期", max_length=10)
    seq = models.PositiveIntegerField("本周期第几次")
    handed_over_at = models.DateTimeField("领取时间", null=True, blank=True)
    at = models.DateTimeField("兑换时间", auto_now_add=True)

    class Meta:
        verbose_name = "兑换记录"
        verbose_name_plural = "兑换记录"
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "reward", "window_key", "seq"], name="redemption_seq_unique"
            )
        ]

    def __str__(self):
        return f"{self.account.volunteer} · {self.reward}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("account__volunteer__place__code", scope.place_codes)

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        return Q(account__volunteer__user=user)


class Honour(models.Model):
    """先锋个人 and other honours, per period."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT, related_name="honours"
    )
    title = models.CharField("荣誉", max_length=50, default="先锋个人")
    period = models.CharField("期间", max_length=20)
    reason = models.CharField("事迹", max_length=200, blank=True)
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评定人", on_delete=models.PROTECT)
    at = models.DateTimeField("评定时间", auto_now_add=True)

    class Meta:
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉"
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "title", "period"], name="one_honour_per_period")
        ]

    def __str__(self):
        return f"{self.period} {self.title} {self.volunteer}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("volunteer__place__code", scope.place_codes)
