"""三张清单 of a 小区 — needs, resources, projects — plus project funding (众筹 contributors included),
milestones, residents' evaluations, and residents' self-organisations with their activities.

Invariants: every row hangs under its 小区 code (``place_code``); a need becomes at most one project
(unique) and changes status only by compare-and-set; money is Decimal yuan, never negative (amounts > 0);
progress lies in 0–100 and a completed project is at 100 with its result; one evaluation per resident per
project, score 1–5; one participant row per name per activity (database constraints)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q
from linli.places.choices import PlaceLevel
from linli.places.codes import PLACE_CODE_WIDTHS

from .choices import (
    EventKind,
    FundingKind,
    NeedCategory,
    NeedSource,
    NeedStatus,
    OrgKind,
    ProjectKind,
    ProjectStatus,
    ResourceKind,
)

_COMPOUND = PLACE_CODE_WIDTHS[PlaceLevel.COMPOUND]


def territory_q(scope: Scope) -> Q:
    """Rows under the scope's places, and the 小区 that hold households of the scope's grids."""
    q = subtree_q("place_code", scope.place_codes)
    if scope.grid_codes:
        from linli.places.models import place_codes_touching_grids

        touched = {c for c in place_codes_touching_grids(scope.grid_codes) if len(c) == _COMPOUND}
        q |= Q(place_code__in=touched)
    return q


def neighbourhood_q(scope: Scope) -> Q:
    """The territory, plus the 小区 of people whose scope lies inside one (a resident at home, a 楼道长)."""
    inside = {c[:_COMPOUND] for c in scope.place_codes if len(c) > _COMPOUND}
    return territory_q(scope) | Q(place_code__in=inside)


class Compounded(models.Model):
    compound = models.ForeignKey("places.Place", models.PROTECT, related_name="+", verbose_name="小区")
    place_code = models.CharField("小区编码", max_length=24, db_index=True)

    class Meta:
        abstract = True


class Need(Compounded):
    title = models.CharField("需求", max_length=100)
    description = models.TextField("具体情况", max_length=2000, blank=True)
    category = models.CharField("类别", max_length=16, choices=NeedCategory.choices)
    source = models.CharField("来源", max_length=16, choices=NeedSource.choices)
    status = models.CharField("状态", max_length=8, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    raised_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "需求"
        verbose_name_plural = "需求清单"
        ordering = ["-raised_at"]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return territory_q(scope)


class Resource(Compounded):
    name = models.CharField("资源", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=ResourceKind.choices)
    provider = models.CharField("提供方", max_length=100)
    cobuilding_unit = models.ForeignKey(
        "party.CoBuildingUnit",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="共建单位",
    )
    description = models.TextField("说明", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "资源"
        verbose_name_plural = "资源清单"
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.name}（{self.provider}）"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return territory_q(scope)


class Project(Compounded):
    title = models.CharField("项目名称", max_length=100)
    kind = models.CharField("项目类型", max_length=16, choices=ProjectKind.choices)
    need = models.OneToOneField(Need, models.PROTECT, null=True, blank=True, related_name="project")
    resource = models.ForeignKey(Resource, models.PROTECT, null=True, blank=True, related_name="projects")
    description = models.TextField("实施内容", max_length=4000, blank=True)
    budget = models.DecimalField("预算（元）", max_digits=12, decimal_places=2)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="负责人"
    )
    status = models.CharField(
        "状态", max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    result = models.TextField("实施成效", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目清单"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="projects_budget_not_negative", condition=Q(budget__gte=0)),
            models.CheckConstraint(
                name="projects_progress_0_100", condition=Q(progress__gte=0, progress__lte=100)
            ),
            models.CheckConstraint(
                name="projects_completed_has_result",
                condition=~Q(status=ProjectStatus.COMPLETED)
                | (Q(progress=100) & ~Q(result="") & Q(completed_on__isnull=False)),
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return neighbourhood_q(scope)


class Funding(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="fundings")
    kind = models.CharField("资金来源", max_length=16, choices=FundingKind.choices)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "项目资金"
        verbose_name_plural = "项目资金"
        constraints = [models.CheckConstraint(name="projects_funding_positive", condition=Q(amount__gt=0))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class Contribution(AppendOnly):
    """One contribution to a project's 众筹 (crowdfunding)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="contributions")
    contributor = models.CharField("捐助人", max_length=50)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    contributed_on = models.DateField("日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "众筹捐助"
        verbose_name_plural = "众筹捐助"
        ordering = ["contributed_on", "pk"]
        constraints = [
            models.CheckConstraint(name="projects_contribution_positive", condition=Q(amount__gt=0))
        ]

    def __str__(self):
        return f"{self.contributor} {self.amount}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="milestones")
    title = models.CharField("节点", max_length=100)
    due_on = models.DateField("计划完成")
    done_on = models.DateField("实际完成", null=True, blank=True)

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class Evaluation(AppendOnly):
    project = models.ForeignKey(Project, models.CASCADE, related_name="evaluations")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField("满意度（1–5）")
    comment = models.CharField("评价", max_length=500, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = "居民评价"
        verbose_name_plural = "居民评价"
        constraints = [
            models.UniqueConstraint(fields=["project", "resident"], name="projects_one_evaluation_each"),
            models.CheckConstraint(name="projects_score_1_5", condition=Q(score__gte=1, score__lte=5)),
        ]

    def __str__(self):
        return f"{self.project_id}: {self.score}"


class ProjectEvent(AppendOnly):
    project = models.ForeignKey(Project, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "项目事件"
        verbose_name_plural = "项目事件"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.project_id} {self.kind}"


class SelfOrganisation(Compounded):
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=OrgKind.choices)
    leader = models.CharField("负责人", max_length=50)
    founded_on = models.DateField("成立日期")
    description = models.TextField("简介", max_length=2000, blank=True)

    class Meta:
        verbose_name = "居民自组织"
        verbose_name_plural = "居民自组织"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["compound", "name"], name="projects_org_name_unique")]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return neighbourhood_q(scope)


class OrgActivity(models.Model):
    org = models.ForeignKey(SelfOrganisation, models.CASCADE, related_name="activities")
    title = models.CharField("活动", max_length=100)
    held_on = models.DateField("日期")
    location = models.CharField("地点", max_length=100)
    summary = models.TextField("活动情况", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "自组织活动"
        verbose_name_plural = "自组织活动"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title


class Participant(models.Model):
    activity = models.ForeignKey(OrgActivity, models.CASCADE, related_name="participants")
    name = models.CharField("姓名", max_length=50)

    class Meta:
        verbose_name = "活动参与者"
        verbose_name_plural = "活动参与者"
        constraints = [models.UniqueConstraint(fields=["activity", "name"], name="projects_participant_once")]

    def __str__(self):
        return self.name
