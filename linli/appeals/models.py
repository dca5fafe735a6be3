"""Appeals (群众诉求) and the work orders they become.

Invariants: status changes only through services.transition (compare-and-set on ``version``); every
change writes one immutable AppealEvent; an appeal is never closed without a public reply; deadlines
are stored when a clock starts, their state (on track / at risk / overdue) is derived (deadlines.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q

from .choices import (
    AppealType,
    Channel,
    EventKind,
    Flow,
    Level,
    Routing,
    Satisfaction,
    Status,
    UnitKind,
)


class Category(models.Model):
    """Two-level taxonomy; each category carries its deadline profile and default routing."""

    code = models.CharField("分类编码", max_length=16, unique=True)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sign_limit = models.CharField("签收时限", max_length=16, default="1工作日")
    handle_limit = models.CharField("办理时限", max_length=16, default="5工作日")
    visit_limit = models.CharField("回访时限", max_length=16, default="2工作日")
    default_level = models.PositiveSmallIntegerField(
        "默认处置层级", choices=Level.choices, default=Level.COMMUNITY
    )
    routing = models.CharField("派单规则", max_length=16, choices=Routing.choices, default=Routing.TERRITORY)
    default_unit_kind = models.CharField(
        "默认处置单位类型", max_length=20, choices=UnitKind.choices, default=UnitKind.COMMUNITY
    )
    keywords = models.CharField(
        "关键词", max_length=300, blank=True, help_text="用于自动分类的引导词，空格分隔"
    )
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "诉求分类"
        verbose_name_plural = "诉求分类"
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="category_not_own_parent"),
        ]

    def __str__(self):
        return f"{self.parent.name}/{self.name}" if self.parent_id else self.name

    @property
    def is_leaf(self) -> bool:
        return self.parent_id is not None


class HandlingUnit(models.Model):
    """Who fixes things: a property company at a 小区, the community, a street office, a department."""

    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    place = models.ForeignKey(
        "places.Place", verbose_name="服务范围", on_delete=models.PROTECT, related_name="handling_units"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="处置人员", blank=True, related_name="handling_units"
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "处置单位"
        verbose_name_plural = "处置单位"
        ordering = ["place__code", "name"]
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="unit_name_unique_per_place")]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # A unit serving a wider area (a street office) is reachable from a scope inside that area too.
        q = subtree_q("place__code", scope.place_codes)
        for code in scope.place_codes:
            for width in (6, 9, 12, 15):
                if width < len(code):
                    q |= Q(place__code=code[:width])
        return q


class Appeal(models.Model):
    number = models.CharField("编号", max_length=20, unique=True, null=True, blank=True)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    appeal_type = models.CharField("类型", max_length=16, choices=AppealType.choices, default=AppealType.HELP)
    category = models.ForeignKey(
        Category, verbose_name="分类", null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    suggested_category = models.ForeignKey(
        Category, verbose_name="建议分类", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggestion_confidence = models.FloatField("建议置信度", null=True, blank=True)
    title = models.CharField("标题", max_length=80, blank=True)
    text = models.TextField("诉求内容", max_length=2000)

    place = models.ForeignKey(
        "places.Place",
        verbose_name="地点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    place_code = models.CharField("地点编码", max_length=24, blank=True, db_index=True)
    grid_code = models.CharField("网格编码", max_length=18, blank=True, db_index=True)
    address = models.CharField("地址描述", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="诉求人账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    reporter_name = models.CharField("诉求人", max_length=50, blank=True)
    reporter_phone = models.CharField("联系电话", max_length=20, blank=True)
    on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals_on_behalf",
    )
    is_public = models.BooleanField("小区内公开", default=False)

    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    level = models.PositiveSmallIntegerField("处置层级", choices=Level.choices, default=Level.COMMUNITY)
    flow = models.CharField("流程", max_length=16, choices=Flow.choices, default=Flow.STANDARD)
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_appeals",
    )

    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    received_at = models.DateTimeField("受理时间", null=True, blank=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    replied_at = models.DateTimeField("反馈时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    visited_at = models.DateTimeField("回访时间", null=True, blank=True)
    sign_due = models.DateTimeField("签收期限", null=True, blank=True)
    handle_due = models.DateTimeField("办结期限", null=True, blank=True, db_index=True)
    visit_due = models.DateTimeField("回访期限", null=True, blank=True)
    yellow_card_at = models.DateTimeField("黄牌时间", null=True, blank=True)
    red_card_at = models.DateTimeField("红牌时间", null=True, blank=True)
    extension_requested_days = models.PositiveSmallIntegerField("申请延期工作日", null=True, blank=True)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)

    reply = models.TextField("答复居民", blank=True, max_length=2000)
    resolved = models.BooleanField("是否解决", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=16, choices=Satisfaction.choices, blank=True)
    rating_comment = models.CharField("评价留言", max_length=300, blank=True)

    rework_count = models.PositiveSmallIntegerField("重办次数", default=0)
    return_count = models.PositiveSmallIntegerField("回退次数", default=0)
    extension_count = models.PositiveSmallIntegerField("延期次数", default=0)
    escalation_count = models.PositiveSmallIntegerField("上报次数", default=0)
    merged_into = models.ForeignKey(
        "self", verbose_name="合并到", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    closed_level = models.PositiveSmallIntegerField("办结层级", choices=Level.choices, null=True, blank=True)
    external_source = models.CharField("外部来源", max_length=20, blank=True)
    external_id = models.CharField("外部编号", max_length=64, blank=True)

    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "诉求"
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "place_code"], name="appeal_status_place"),
            models.Index(fields=["category", "place_code", "submitted_at"], name="appeal_hotspot"),
            models.Index(fields=["unit", "status"], name="appeal_unit_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="appeal_external_id_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["closed", "rated"]) | ~Q(reply=""), name="appeal_closed_has_reply"
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False), name="appeal_merged_has_target"
            ),
        ]

    def __str__(self):
        return f"{self.number or self.pk} {self.title or self.text[:20]}"

    @property
    def is_open(self) -> bool:
        from .choices import OPEN_STATES

        return self.status in OPEN_STATES

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place_code", scope.place_codes) | subtree_q("grid_code", scope.grid_codes)

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        """Rows reached by relation: my own appeals, those dispatched to me or my unit, and for
        residents the public appeals of their 小区."""
        from . import rules

        if permission in (rules.VIEW_APPEAL, rules.HANDLE_APPEAL):
            q = Q(assignee=user) | Q(unit__in=HandlingUnit.objects.filter(members=user).values("pk"))
            if permission == rules.VIEW_APPEAL:
                q |= Q(reporter=user) | Q(on_behalf_by=user)
                compounds = {
                    a.place_code[:15]
                    for a in user.active_assignments()
                    if a.role == "resident" and a.place_code and len(a.place_code) >= 15
                }
                if compounds:
                    q |= Q(is_public=True) & subtree_q("place_code", compounds)
            return q
        if permission == rules.RATE_APPEAL:
            # The reporter of an appeal merged into another rates the one that was handled.
            merged_targets = Appeal.objects.filter(reporter=user, merged_into__isnull=False).values(
                "merged_into"
            )
            return Q(reporter=user) | Q(pk__in=merged_targets)
        return Q(pk__in=[])


class AppealEvent(AppendOnly):
    """One immutable step of an appeal's life."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField("操作人角色", max_length=32, blank=True)
    from_status = models.CharField("原状态", max_length=16, blank=True)
    to_status = models.CharField("新状态", max_length=16, blank=True)
    note = models.TextField("说明", blank=True, max_length=2000)
    is_internal = models.BooleanField("仅内部可见", default=False)
    data = models.JSONField("附加信息", default=dict, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "诉求事件"
        verbose_name_plural = "诉求事件"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["appeal", "at"], name="appeal_event_timeline")]

    def __str__(self):
        return f"{self.appeal_id} {self.get_kind_display()}"


def _photo_path(instance, filename):
    return f"appeals/{instance.appeal_id}/{filename}"


class AppealPhoto(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="photos")
    # No database constraint: on PostgreSQL the events table is partitioned by month (core/partitioning.py),
    # and a foreign key to it would need a unique id alone. Events are append-only, so this stays true.
    event = models.ForeignKey(
        AppealEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
        db_constraint=False,
    )
    image = models.FileField("照片", upload_to=_photo_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "诉求照片"
        verbose_name_plural = "诉求照片"
        ordering = ["id"]

    def __str__(self):
        return self.image.name


class ReplyTemplate(models.Model):
    """常用回复."""

    title = models.CharField("名称", max_length=50)
    text = models.TextField("回复内容", max_length=1000)
    category = models.ForeignKey(
        Category, verbose_name="适用分类", null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = "常用回复"
        verbose_name_plural = "常用回复"
        ordering = ["title"]

    def __str__(self):
        return self.title
