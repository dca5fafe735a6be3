"""Party organisations, members (双报到), bodies with their seats (交叉任职), and co-building (共建).

Every row hangs under a place code (the 小区 for compound-level bodies), so scope is one code range."""

from django.db import models
from django.db.models import Q

from linli.core.policy import Scope, subtree_q

from .choices import (
    ActivityKind,
    BodyKind,
    Formation,
    MemberStatus,
    OrgLevel,
    OrgType,
    RecordKind,
    Registration,
    SeatKind,
    UnitKind,
)


class PartyOrg(models.Model):
    name = models.CharField("名称", max_length=80)
    level = models.PositiveSmallIntegerField("层级", choices=OrgLevel.choices)
    org_type = models.CharField("类型", max_length=12, choices=OrgType.choices, default=OrgType.ENTITY)
    formation = models.CharField(
        "组建方式", max_length=8, choices=Formation.choices, default=Formation.SINGLE
    )
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    place = models.ForeignKey(
        "places.Place", models.PROTECT, related_name="party_orgs", verbose_name="所在地"
    )
    covers = models.ManyToManyField("places.Place", related_name="covering_orgs", verbose_name="覆盖范围")

    class Meta:
        verbose_name = "党组织"
        ordering = ["level", "place__code"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place__code", scope.place_codes)


class PartyMember(models.Model):
    person = models.ForeignKey("people.Person", models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField("姓名", max_length=40)
    status = models.CharField("状态", max_length=10, choices=MemberStatus.choices)
    home = models.ForeignKey("places.Place", models.PROTECT, related_name="+", verbose_name="居住小区")
    held_at = models.ForeignKey(
        PartyOrg,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="held_members",
        verbose_name="组织关系所在",
    )
    held_elsewhere = models.CharField("组织关系所在（外部）", max_length=80, blank=True)
    registered_at = models.ForeignKey(
        PartyOrg,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_members",
        verbose_name="报到支部",
    )
    registration = models.CharField(
        "双报到", max_length=10, choices=Registration.choices, default=Registration.NONE
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "党员"
        ordering = ["home__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration="none") | Q(registered_at__isnull=False),
                name="party_member_registration_has_branch",
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("home__code", scope.place_codes)


class Activity(models.Model):
    org = models.ForeignKey(PartyOrg, models.CASCADE, related_name="activities")
    kind = models.CharField("类别", max_length=12, choices=ActivityKind.choices)
    title = models.CharField("内容", max_length=120)
    held_on = models.DateField("日期")
    member = models.ForeignKey(PartyMember, models.SET_NULL, null=True, blank=True, related_name="activities")

    class Meta:
        verbose_name = "党建活动"
        ordering = ["-held_on"]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("org__place__code", scope.place_codes)


class Body(models.Model):
    """A body people are appointed to: the branch committee (支部班子), 业委会, 监事会, 物管会, 物业公司,
    and the three levels of property guidance. ``place`` is the 小区 for compound bodies, the community or
    street for guidance committees."""

    kind = models.CharField("类别", max_length=20, choices=BodyKind.choices)
    name = models.CharField("名称", max_length=80)
    place = models.ForeignKey("places.Place", models.PROTECT, related_name="bodies", verbose_name="所在地")
    party_org = models.ForeignKey(PartyOrg, models.SET_NULL, null=True, blank=True, related_name="bodies")
    formed_on = models.DateField("成立日期", null=True, blank=True)
    term_start = models.DateField("本届开始", null=True, blank=True)
    term_end = models.DateField("本届届满", null=True, blank=True)
    office_phone = models.CharField("办公电话", max_length=20, blank=True)

    class Meta:
        verbose_name = "组织机构"
        ordering = ["place__code", "kind"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place__code", scope.place_codes)


class Membership(models.Model):
    body = models.ForeignKey(Body, models.CASCADE, related_name="seats")
    person = models.ForeignKey("people.Person", models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField("姓名", max_length=40)
    role = models.CharField("职务", max_length=40)
    duty = models.CharField("分工", max_length=120, blank=True)
    seat_kind = models.CharField("席位", max_length=30, choices=SeatKind.choices, blank=True, default="")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    phone_is_office = models.BooleanField("办公电话（可公开）", default=False)
    is_party_member = models.BooleanField("党员", default=False)
    term_start = models.DateField("任期开始", null=True, blank=True)
    term_end = models.DateField("任期结束", null=True, blank=True)

    class Meta:
        verbose_name = "任职"
        ordering = ["body", "id"]

    def __str__(self):
        return f"{self.name}（{self.role}）"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("body__place__code", scope.place_codes)


class CoBuildingUnit(models.Model):
    name = models.CharField("单位名称", max_length=80)
    kind = models.CharField("类别", max_length=12, choices=UnitKind.choices)

    class Meta:
        verbose_name = "共建单位"

    def __str__(self):
        return self.name


class Agreement(models.Model):
    unit = models.ForeignKey(CoBuildingUnit, models.CASCADE, related_name="agreements")
    branch = models.ForeignKey(PartyOrg, models.CASCADE, related_name="agreements")
    compound = models.ForeignKey("places.Place", models.PROTECT, related_name="+", verbose_name="小区")
    signed_on = models.DateField("签订日期")

    class Meta:
        verbose_name = "共建协议"
        constraints = [models.UniqueConstraint(fields=["unit", "branch"], name="party_agreement_unique")]

    def __str__(self):
        return f"{self.unit_id}→{self.branch_id}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("compound__code", scope.place_codes)


class CoBuildingRecord(models.Model):
    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="records")
    kind = models.CharField("类别", max_length=10, choices=RecordKind.choices)
    title = models.CharField("内容", max_length=120)
    held_on = models.DateField("日期")

    class Meta:
        verbose_name = "共建记录"
        ordering = ["-held_on"]

    def __str__(self):
        return self.title
