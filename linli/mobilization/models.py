"""Emergency mobilization (平战结合): an emergency declared for a 社区/街道 fans out one task per household
to the stairwell teams and micro-grid members who cover it; they confirm household by household against
the clock (default 3 hours); unreached households are escalated to the grid leader near the limit."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.policy import Scope, subtree_q

from .choices import EmergencyKind, EmergencyStatus, Level, TaskStatus


class Emergency(models.Model):
    title = models.CharField("事件名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=EmergencyKind.choices)
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices, default=Level.IV)
    place = models.ForeignKey("places.Place", verbose_name="响应范围", on_delete=models.PROTECT)
    templates = models.CharField("任务", max_length=100)  # comma-separated Template values
    instructions = models.TextField("告知内容", blank=True)
    reach_minutes = models.PositiveIntegerField("限时（分钟）", default=180)
    is_drill = models.BooleanField("演练", default=False)
    status = models.CharField(
        "状态", max_length=8, choices=EmergencyStatus.choices, default=EmergencyStatus.ACTIVE
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="启动人", on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField("启动时间")
    households = models.PositiveIntegerField("户数", default=0)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="结束人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    summary = models.JSONField("总结", default=dict, blank=True)

    class Meta:
        verbose_name = "应急响应"
        verbose_name_plural = "应急响应"
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["place"], condition=Q(status="active"), name="one_active_emergency_per_place"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def template_list(self) -> list[str]:
        return [t for t in self.templates.split(",") if t]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Everyone inside the scope of an emergency (and above it) sees it.
        q = subtree_q("place__code", scope.place_codes)
        ancestors = [code[:n] for code in scope.place_codes for n in (6, 9, 12) if n < len(code)]
        ancestors += [code[:n] for code in scope.grid_codes for n in (6, 9, 12) if n <= len(code)]
        return q | Q(place__code__in=ancestors)


class HouseholdTask(models.Model):
    emergency = models.ForeignKey(
        Emergency, verbose_name="应急响应", on_delete=models.CASCADE, related_name="tasks"
    )
    household = models.ForeignKey(
        "places.Place", verbose_name="户", on_delete=models.PROTECT, related_name="+"
    )
    household_code = models.CharField("户编码", max_length=24)
    grid_code = models.CharField("微网格编码", max_length=24, blank=True)
    priority = models.PositiveSmallIntegerField("优先级", default=1)  # 0: a vulnerable resident lives here
    status = models.CharField("状态", max_length=12, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    note = models.CharField("情况", max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    escalated_at = models.DateTimeField("上报网格长时间", null=True, blank=True)
    appeal = models.ForeignKey(
        "appeals.Appeal",
        verbose_name="转为诉求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "入户任务"
        verbose_name_plural = "入户任务"
        ordering = ["priority", "household_code"]
        constraints = [
            models.UniqueConstraint(fields=["emergency", "household"], name="one_task_per_household")
        ]
        indexes = [
            models.Index(fields=["emergency", "household_code"]),
            models.Index(fields=["emergency", "grid_code", "status"]),
        ]

    def __str__(self):
        return f"{self.emergency} · {self.household_code}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("household_code", scope.place_codes) | subtree_q("grid_code", scope.grid_codes)
