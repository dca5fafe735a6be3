"""Volunteers (志愿者), their teams (志愿服务队), activities with capacity, sign-ups with check-in/out.

Capacity is a counter on the activity changed only by compare-and-set (``signed_count < capacity``), so
concurrent sign-ups never over-fill it; a database check keeps ``0 ≤ signed_count ≤ capacity``."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from linli.core import masking
from linli.core.policy import Scope, subtree_q

from .choices import ActivityStatus, SignUpStatus, TeamKind, VolunteerKind


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


class Volunteer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="平台账号", on_delete=models.PROTECT, related_name="volunteer"
    )
    name = models.CharField("姓名", max_length=50)
    place = models.ForeignKey(
        "places.Place", verbose_name="服务社区/小区", on_delete=models.PROTECT, related_name="volunteers"
    )
    kind = models.CharField(
        "类别", max_length=20, choices=VolunteerKind.choices, default=VolunteerKind.RESIDENT
    )
    occupation = models.CharField("职业", max_length=30, blank=True, help_text="如快递员、外卖骑手")
    grid = models.ForeignKey(
        "places.GridNode",
        verbose_name="兼职网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="part_time_members",
    )
    skills = models.CharField("特长", max_length=200, blank=True)
    availability = models.CharField("可服务时间", max_length=100, blank=True)
    is_party_member = models.BooleanField("党员", default=False)
    is_active = models.BooleanField("在册", default=True)
    joined_on = models.DateField("加入日期", auto_now_add=True)

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["place", "id"]

    def __str__(self):
        return self.name

    @property
    def masked_name(self) -> str:
        return masking.mask_name(self.name)

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place__code", scope.place_codes) | subtree_q("grid__code", scope.grid_codes)

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        return Q(user=user)


class Team(models.Model):
    name = models.CharField("队伍名称", max_length=50)
    kind = models.CharField("服务类别", max_length=20, choices=TeamKind.choices)
    place = models.ForeignKey("places.Place", verbose_name="所属社区/小区", on_delete=models.PROTECT)
    leader = models.ForeignKey(
        Volunteer,
        verbose_name="队长",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )
    members = models.ManyToManyField(Volunteer, verbose_name="队员", blank=True, related_name="teams")
    created_at = models.DateTimeField("成立时间", auto_now_add=True)

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        ordering = ["place", "kind", "id"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place__code", scope.place_codes)


class Activity(models.Model):
    title = models.CharField("活动名称", max_length=100)
    description = models.TextField("活动内容", blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name="服务队",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    place = models.ForeignKey("places.Place", verbose_name="地点", on_delete=models.PROTECT)
    location = models.CharField("集合地点", max_length=100, blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    capacity = models.PositiveIntegerField("名额")
    signed_count = models.PositiveIntegerField("已报名", default=0)
    status = models.CharField(
        "状态", max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PUBLISHED
    )
    code = models.CharField("签到码", max_length=6, default=new_code)
    points_cap = models.PositiveIntegerField(
        "本活动积分上限", null=True, blank=True, help_text="为空时用全局设置"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "志愿活动"
        verbose_name_plural = "志愿活动"
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_count__lte=F("capacity")), name="activity_not_over_capacity"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.signed_count)

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # An activity of a community is open to everyone under it: a 小区 volunteer sees it too.
        return subtree_q("place__code", scope.place_codes) | Q(place__code__in=_ancestors(scope.place_codes))


def _ancestors(codes) -> list[str]:
    return [code[:n] for code in codes for n in (6, 9, 12, 15) if n < len(code)]


class SignUp(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="signups"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name="志愿者", on_delete=models.PROTECT, related_name="signups"
    )
    status = models.CharField(
        "状态", max_length=12, choices=SignUpStatus.choices, default=SignUpStatus.SIGNED
    )
    signed_at = models.DateTimeField("报名时间", auto_now_add=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes = models.PositiveIntegerField("服务时长（分钟）", null=True, blank=True)

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="one_signup_per_volunteer"),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.activity}"

    @property
    def hours(self):
        from decimal import Decimal

        return (Decimal(self.minutes or 0) / 60).quantize(Decimal("0.1"))

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("activity__place__code", scope.place_codes)

    @classmethod
    def relation_q(cls, user, permission: str) -> Q:
        if permission == "volunteers.confirm_signup":
            return Q(activity__team__leader__user=user)
        return Q(volunteer__user=user)
