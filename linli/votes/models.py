"""Polls (意见征询) and 业主大会 votes.

A poll's electoral roll (``Elector``) is snapshotted when it opens: households, persons, or for 业主大会
each 专有部分 with its owner and area (from ``ExclusiveArea``). Casting writes two rows in one
transaction: a ``Participation`` (who took part; unique per elector — the database enforces one vote per
eligible voter) and a ``Ballot`` (what was chosen). A secret ballot carries no elector, no timestamp and
a random UUID, and secret ballots are rewritten in random order at close, so nothing in the ballot table
re-links a ballot to its voter.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q

from .choices import (
    SPECIAL_MATTERS,
    Channel,
    ChoiceMode,
    EventKind,
    Matter,
    Outcome,
    PollKind,
    PollStatus,
    VoterUnit,
)


class Poll(models.Model):
    kind = models.CharField("类型", max_length=16, choices=PollKind.choices, default=PollKind.OPINION)
    title = models.CharField("标题", max_length=120)
    description = models.TextField("说明", max_length=4000, blank=True)
    place = models.ForeignKey(
        "places.Place", verbose_name="范围（小区或楼栋）", on_delete=models.PROTECT, related_name="polls"
    )
    grid = models.ForeignKey(
        "places.GridNode",
        verbose_name="限于网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
    )
    choice_mode = models.CharField(
        "选择方式", max_length=16, choices=ChoiceMode.choices, default=ChoiceMode.SINGLE
    )
    max_choices = models.PositiveSmallIntegerField("最多可选", null=True, blank=True)
    voter_unit = models.CharField(
        "计票单位", max_length=16, choices=VoterUnit.choices, default=VoterUnit.HOUSEHOLD
    )
    secret = models.BooleanField("无记名投票", default=False)
    hide_results = models.BooleanField("结束前不公布结果", default=False)
    matter = models.CharField("表决事项（民法典第278条）", max_length=16, choices=Matter.choices, blank=True)
    status = models.CharField("状态", max_length=16, choices=PollStatus.choices, default=PollStatus.DRAFT)
    closes_at = models.DateTimeField("计划截止时间", null=True, blank=True)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    outcome = models.CharField("表决结果", max_length=16, choices=Outcome.choices, blank=True)
    # A generic, optional link to what the poll decides (e.g. a deliberation topic): label and URL only,
    # so this app depends on nothing that uses it.
    subject_label = models.CharField("关联事项", max_length=200, blank=True)
    subject_url = models.CharField("关联事项链接", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "表决"
        verbose_name_plural = "表决"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=PollKind.ASSEMBLY, matter__gt="", voter_unit=VoterUnit.OWNER, secret=False)
                | Q(kind=PollKind.OPINION, matter="", voter_unit__in=[VoterUnit.HOUSEHOLD, VoterUnit.PERSON]),
                name="votes_poll_kind_fields",
                violation_error_message="业主大会表决须选择表决事项，按专有部分记名表决。",
            ),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=1),
                name="votes_poll_max_choices_positive",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_assembly(self) -> bool:
        return self.kind == PollKind.ASSEMBLY

    @property
    def is_special(self) -> bool:
        """A §278 (6)–(8) matter: three quarters of those voting must agree."""
        return self.matter in SPECIAL_MATTERS

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Polls of places and grids in scope; a grid's people also reach the polls of the 小区, 楼栋 and
        单元 its households live in."""
        q = subtree_q("place__code", scope.place_codes) | subtree_q("grid__code", scope.grid_codes)
        if scope.grid_codes:
            from linli.places.models import place_codes_touching_grids

            q |= Q(grid__isnull=True, place__code__in=place_codes_touching_grids(scope.grid_codes))
        return q

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        """Residents reach the polls whose roll they are on (as a person or through their household)."""
        from linli.people.models import Person

        people = Person.objects.filter(user=user, moved_out_on__isnull=True)
        rolls = Elector.objects.filter(
            Q(person__in=people.values("pk")) | Q(household__in=people.values("household"))
        )
        return Q(pk__in=rolls.values("poll"))


class Option(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField("序号")
    label = models.CharField("选项", max_length=200)

    class Meta:
        verbose_name = "选项"
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="votes_option_position_unique")
        ]

    def __str__(self):
        return self.label


class Elector(models.Model):
    """One eligible voter of a poll, fixed when it opens: a household, a person, or a 专有部分 (the
    household) with its owner and area for 业主大会 (one 专有部分 counts as one owner)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="electors")
    household = models.ForeignKey(
        "places.Place", verbose_name="户", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="居民",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("姓名", max_length=50, blank=True)
    area = models.DecimalField(
        "专有部分面积（平方米）", max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "有表决权人"
        ordering = ["poll", "household__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "household"],
                condition=Q(person__isnull=True),
                name="votes_elector_household_once",
            ),
            models.UniqueConstraint(
                fields=["poll", "person"], condition=Q(person__isnull=False), name="votes_elector_person_once"
            ),
            models.CheckConstraint(
                condition=Q(area__isnull=True) | Q(area__gt=0), name="votes_elector_area_positive"
            ),
        ]

    def __str__(self):
        return f"{self.poll_id}:{self.household_id}:{self.person_id or ''}"


class Participation(AppendOnly):
    """That an elector voted (and how: online, or a paper ballot entered by staff) — never what."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    elector = models.ForeignKey(Elector, on_delete=models.CASCADE, related_name="participations")
    channel = models.CharField("方式", max_length=16, choices=Channel.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="投票或录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cast_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "参与记录"
        ordering = ["poll", "cast_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "elector"],
                name="votes_one_vote_per_elector",
                violation_error_message="该投票人已经投过票。",
            )
        ]

    def __str__(self):
        return f"{self.poll_id}:{self.elector_id}"


class Ballot(models.Model):
    """What was chosen. Secret: no elector, no time, random id. Open (记名): the elector."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    elector = models.ForeignKey(
        Elector, null=True, blank=True, on_delete=models.CASCADE, related_name="ballots"
    )
    options = models.ManyToManyField(Option, through="Mark", related_name="ballots")

    class Meta:
        verbose_name = "选票"
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "elector"], condition=Q(elector__isnull=False), name="votes_one_open_ballot"
            )
        ]

    def __str__(self):
        return str(self.id)


class Mark(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="marks")

    class Meta:
        verbose_name = "选票勾选"
        constraints = [models.UniqueConstraint(fields=["ballot", "option"], name="votes_mark_once")]

    def __str__(self):
        return f"{self.ballot_id}:{self.option_id}"


class PollEvent(AppendOnly):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=16, choices=EventKind.choices)
    note = models.CharField("说明", max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_role = models.CharField("操作人角色", max_length=32, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "表决事件"
        ordering = ["poll", "at", "id"]

    def __str__(self):
        return f"{self.poll_id} {self.kind}"


class ExclusiveArea(models.Model):
    """专有部分面积 of a household (from the 不动产登记 or the sales contract), entered by staff; the
    业主大会 roll copies it at opening, so later corrections never change a vote under way."""

    household = models.OneToOneField(
        "places.Place",
        verbose_name="户",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="exclusive_area",
    )
    area = models.DecimalField("专有部分面积（平方米）", max_digits=10, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("登记时间", auto_now=True)

    class Meta:
        verbose_name = "专有部分面积"
        verbose_name_plural = "专有部分面积"
        constraints = [models.CheckConstraint(condition=Q(area__gt=0), name="votes_area_positive")]

    def __str__(self):
        return f"{self.household_id}: {self.area}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("household__code", scope.place_codes) | subtree_q(
            "household__grid__code", scope.grid_codes
        )


class AreaChange(AppendOnly):
    household = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    before = models.DecimalField("原面积", max_digits=10, decimal_places=2, null=True)
    after = models.DecimalField("新面积", max_digits=10, decimal_places=2)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "面积登记记录"
        ordering = ["household", "at", "id"]

    def __str__(self):
        return f"{self.household_id}: {self.before} → {self.after}"
