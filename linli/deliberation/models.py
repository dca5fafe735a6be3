"""Topics (议题) with their inputs, supports, events and evaluations; action items (决议事项) with their
督办 notes; meetings with agenda, invitees and sign-in.

Invariants in the database: one support and one evaluation per person per topic, a score of 1–5, a
returned topic carries its reason, an action item belongs to a topic or a meeting and is done with a
date and a person, one sign-in row per invited user. Every row hangs under its 小区 (``place``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.policy import Scope

from .choices import (
    DecisionMode,
    InputKind,
    MeetingKind,
    MeetingStatus,
    ProgressKind,
    ProposerBody,
    TopicCategory,
    TopicEventKind,
    TopicStatus,
)
from .scoping import compound_codes_q

_USER = settings.AUTH_USER_MODEL


class _InCompound(models.Model):
    place = models.ForeignKey("places.Place", models.PROTECT, related_name="+", verbose_name="小区")

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return compound_codes_q("place__code", scope)


class Topic(_InCompound):
    title = models.CharField("议题", max_length=80)
    description = models.TextField("内容", max_length=2000)
    category = models.CharField("类别", max_length=12, choices=TopicCategory.choices)
    proposer = models.ForeignKey(_USER, models.PROTECT, related_name="+", verbose_name="提出人")
    proposer_body = models.CharField("提出方", max_length=20, choices=ProposerBody.choices)
    status = models.CharField("状态", max_length=14, choices=TopicStatus.choices, default="submitted")
    version = models.PositiveIntegerField(default=1)
    return_reason = models.CharField("退回理由", max_length=300, blank=True)
    steward = models.ForeignKey(
        _USER, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="组织负责人"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_mode = models.CharField("决策方式", max_length=8, choices=DecisionMode.choices, blank=True)
    resolution = models.TextField("决议", blank=True)
    poll = models.ForeignKey(
        "votes.Poll", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="投票表决"
    )
    is_consensus = models.BooleanField("达成共识", default=False)
    resolved_at = models.DateTimeField("形成决议时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = "议题"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["place", "status"], name="topic_place_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="topic_returned_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "returned", "withdrawn"]) | Q(steward__isnull=False),
                name="topic_opened_has_steward",
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        return Q(proposer=user)


class TopicEvent(models.Model):
    topic = models.ForeignKey(Topic, models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=TopicEventKind.choices)
    actor = models.ForeignKey(_USER, models.PROTECT, null=True, related_name="+", verbose_name="经办人")
    actor_role = models.CharField(max_length=30, blank=True)
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14, blank=True)
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "议题事件"
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()


class TopicInput(models.Model):
    """A need (事前谈需求) or an opinion (事中提意见) from a resident."""

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="inputs")
    kind = models.CharField("类别", max_length=8, choices=InputKind.choices)
    author = models.ForeignKey(_USER, models.PROTECT, related_name="+")
    text = models.TextField("内容", max_length=1000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:30]


class TopicSupport(models.Model):
    topic = models.ForeignKey(Topic, models.CASCADE, related_name="supports")
    user = models.ForeignKey(_USER, models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="topic_one_support_per_person")]

    def __str__(self):
        return f"{self.user_id}→{self.topic_id}"


class TopicEvaluation(models.Model):
    """事后给评价: one per person, after the topic is closed."""

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="evaluations")
    user = models.ForeignKey(_USER, models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField("评分")
    comment = models.CharField("评价", max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="topic_one_evaluation_per_person"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="topic_evaluation_score_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.score} 分"


class Meeting(_InCompound):
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=80)
    scheduled_at = models.DateTimeField("召开时间")
    location = models.CharField("地点", max_length=80)
    convener = models.ForeignKey(_USER, models.PROTECT, related_name="+", verbose_name="召集人")
    status = models.CharField("状态", max_length=10, choices=MeetingStatus.choices, default="scheduled")
    version = models.PositiveIntegerField(default=1)
    agenda = models.ManyToManyField(Topic, blank=True, related_name="meetings", verbose_name="议程")
    minutes = models.TextField("会议记录", blank=True)
    held_at = models.DateTimeField("实际召开时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-scheduled_at"]
        indexes = [models.Index(fields=["place", "kind", "held_at"], name="meeting_place_kind_held")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | (Q(held_at__isnull=False) & ~Q(minutes="")),
                name="meeting_held_has_minutes",
            )
        ]

    def __str__(self):
        return self.title


class Invitee(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="invitees")
    user = models.ForeignKey(_USER, models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField("姓名", max_length=40)
    body = models.CharField("单位/身份", max_length=40, blank=True)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="meeting_one_row_per_user"
            )
        ]

    def __str__(self):
        return self.name


class ActionItem(_InCompound):
    """A resolution item (决议事项) of a topic or a decision of a meeting, with its owner and deadline."""

    topic = models.ForeignKey(Topic, models.CASCADE, null=True, blank=True, related_name="items")
    meeting = models.ForeignKey(Meeting, models.CASCADE, null=True, blank=True, related_name="decisions")
    text = models.CharField("事项", max_length=200)
    owner = models.ForeignKey(_USER, models.PROTECT, related_name="+", verbose_name="责任人")
    deadline = models.DateField("完成期限")
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(_USER, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "决议事项"
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False) | Q(meeting__isnull=False), name="item_has_topic_or_meeting"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="item_done_with_date_and_person",
            ),
        ]

    def __str__(self):
        return self.text

    def is_overdue(self, today) -> bool:
        """Not done and past its deadline (derived, never stored)."""
        return self.done_at is None and self.deadline < today

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        return Q(owner=user)


class ItemProgress(models.Model):
    """督办: an append-only note on an action item (progress, urging, completion)."""

    item = models.ForeignKey(ActionItem, models.CASCADE, related_name="progress")
    kind = models.CharField("类别", max_length=10, choices=ProgressKind.choices)
    by = models.ForeignKey(_USER, models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=500)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.note[:30]
