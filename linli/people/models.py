"""Residents of households. The ledger issue adds identity numbers (encrypted), tags and history; this
holds what the place tree and the accounts need: who lives in which household, and their account."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.policy import Scope, subtree_q
from linli.places.choices import PlaceLevel

from .choices import Gender, Relation, ResidenceType


class Person(models.Model):
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    household = models.ForeignKey(
        "places.Place",
        verbose_name="所在户",
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"level": PlaceLevel.HOUSEHOLD},
    )
    relation = models.CharField("与户主关系", max_length=16, choices=Relation.choices, default=Relation.OTHER)
    residence_type = models.CharField(
        "居住类型", max_length=16, choices=ResidenceType.choices, default=ResidenceType.RESIDENT
    )
    is_owner = models.BooleanField("业主", default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="平台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "居民"
        verbose_name_plural = "居民"
        ordering = ["household", "id"]

    def __str__(self):
        return self.name

    @property
    def masked_name(self) -> str:
        """张*明 / 李* — the form shown on public pages."""
        if len(self.name) <= 1:
            return self.name
        if len(self.name) == 2:
            return self.name[0] + "*"
        return self.name[0] + "*" * (len(self.name) - 2) + self.name[-1]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("household__code", scope.place_codes) | subtree_q(
            "household__grid__code", scope.grid_codes
        )
