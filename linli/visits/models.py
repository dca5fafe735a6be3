"""Visits (走访), patrols (一日三巡) and hazards (安全隐患). Who needs regular contact (关爱对象) is a
ledger tag (people.TagAssignment on a care tag); care alerts read it.

Invariants: every row that territory scopes carries the codes it was recorded under (``place_code``,
``grid_code``), so "everything under this node" is one index range; a 四必联 visit names its reason and no
other visit does; a hazard changes status only through
services (compare-and-set on ``version``), every change writes one immutable HazardStep, and a closed
hazard has its evidence (database constraint).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q
from linli.places.choices import PlaceLevel

from .choices import (
    ContactReason,
    HazardCategory,
    HazardStatus,
    HazardStepKind,
    Outcome,
    PhotoKind,
    VisitKind,
)


def _territory_q(scope: Scope) -> Q:
    return subtree_q("place_code", scope.place_codes) | subtree_q("grid_code", scope.grid_codes)


class Visit(models.Model):
    kind = models.CharField("走访类型", max_length=16, choices=VisitKind.choices)
    reason = models.CharField("四必联事由", max_length=16, choices=ContactReason.choices, blank=True)
    household = models.ForeignKey(
        "places.Place",
        verbose_name="住户",
        on_delete=models.PROTECT,
        related_name="visits",
        limit_choices_to={"level": PlaceLevel.HOUSEHOLD},
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="见到的居民",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place_code = models.CharField("住户编码", max_length=24, db_index=True)
    grid_code = models.CharField("微网格编码", max_length=18, blank=True, db_index=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT, related_name="visits"
    )
    visitor_role = models.CharField("走访人角色", max_length=32, blank=True)
    visited_at = models.DateTimeField("走访时间", db_index=True)
    outcome = models.CharField("走访结果", max_length=16, choices=Outcome.choices)
    notes = models.TextField("走访情况", max_length=1000, blank=True)
    needs_found = models.TextField("发现的需求", max_length=2000, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name="转为诉求",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-visited_at", "-id"]
        indexes = [
            models.Index(fields=["household", "visited_at"], name="visit_household_time"),
            models.Index(fields=["place_code", "visited_at"], name="visit_place_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=VisitKind.FOUR_CONTACTS, reason__in=ContactReason.values)
                | (~Q(kind=VisitKind.FOUR_CONTACTS) & Q(reason="")),
                name="visit_reason_only_for_four_contacts",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.place_code} {self.visited_at:%Y-%m-%d}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return _territory_q(scope)


class Patrol(models.Model):
    """One patrol check-in (巡查签到) of a grid worker on a grid."""

    grid = models.ForeignKey(
        "places.GridNode", verbose_name="网格", on_delete=models.PROTECT, related_name="patrols"
    )
    grid_code = models.CharField("网格编码", max_length=18, db_index=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="巡查人", on_delete=models.PROTECT, related_name="patrols"
    )
    worker_role = models.CharField("巡查人角色", max_length=32, blank=True)
    checked_in_at = models.DateTimeField("签到时间", db_index=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    notes = models.CharField("巡查情况", max_length=500, blank=True)
    issues_found = models.CharField("发现问题", max_length=500, blank=True)

    class Meta:
        verbose_name = "巡查签到"
        verbose_name_plural = "巡查签到"
        ordering = ["-checked_in_at", "-id"]
        indexes = [models.Index(fields=["worker", "checked_in_at"], name="patrol_worker_time")]

    def __str__(self):
        return f"{self.worker_id} @ {self.grid_code} {self.checked_in_at:%Y-%m-%d %H:%M}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        from linli.places.models import GridNode

        return Q(grid__in=GridNode.objects.filter(GridNode.scope_q(scope)).values("pk"))


class Hazard(models.Model):
    category = models.CharField("隐患类别", max_length=20, choices=HazardCategory.choices)
    place = models.ForeignKey(
        "places.Place", verbose_name="地点", on_delete=models.PROTECT, related_name="hazards"
    )
    place_code = models.CharField("地点编码", max_length=24, db_index=True)
    grid_code = models.CharField("网格编码", max_length=18, blank=True, db_index=True)
    address = models.CharField("具体位置", max_length=200, blank=True)
    description = models.TextField("隐患描述", max_length=1000)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发现人",
        on_delete=models.PROTECT,
        related_name="hazards_found",
    )
    found_by_role = models.CharField("发现人角色", max_length=32, blank=True)
    found_at = models.DateTimeField("发现时间")
    deadline = models.DateField("整改期限")
    status = models.CharField(
        "状态", max_length=16, choices=HazardStatus.choices, default=HazardStatus.OPEN, db_index=True
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销号人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.TextField("整改佐证", max_length=1000, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name="工单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "安全隐患"
        verbose_name_plural = "安全隐患"
        ordering = ["-found_at", "-id"]
        indexes = [models.Index(fields=["status", "deadline"], name="hazard_status_deadline")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=HazardStatus.CLOSED) | (Q(closed_at__isnull=False) & ~Q(evidence="")),
                name="hazard_closed_with_evidence",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} · {self.place_code}"

    def is_overdue(self, today) -> bool:
        return self.status != HazardStatus.CLOSED and self.deadline < today

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return _territory_q(scope)


class HazardStep(AppendOnly):
    """One immutable step of a hazard's life: reported, a rectification step, turned into a work order,
    closed."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("事件", max_length=16, choices=HazardStepKind.choices)
    note = models.TextField("说明", max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_role = models.CharField("操作人角色", max_length=32, blank=True)
    from_status = models.CharField("原状态", max_length=16, blank=True)
    to_status = models.CharField("新状态", max_length=16, blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "隐患整改记录"
        verbose_name_plural = "隐患整改记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.hazard_id} {self.get_kind_display()}"


def _photo_path(instance, filename):
    return f"hazards/{instance.hazard_id}/{filename}"


class HazardPhoto(models.Model):
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
    step = models.ForeignKey(
        HazardStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    kind = models.CharField("用途", max_length=16, choices=PhotoKind.choices)
    image = models.FileField("照片", upload_to=_photo_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "隐患照片"
        verbose_name_plural = "隐患照片"
        ordering = ["id"]

    def __str__(self):
        return self.image.name
