"""Party organisations, members (双报到), bodies with their seats (交叉任职), and co-building (共建).

Every row hangs under a place code (the 小区 for compound-level bodies), so scope is one code range."""

from django.db import models
from django.db.models import Q

from linli.core.models import AppendOnly
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
    TransferStatus,
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
    floating_where = models.CharField("流动去向/来源", max_length=80, blank=True)
    floating_since = models.DateField("流动开始", null=True, blank=True)

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
    name = models.CharField("单位名称", max_length=80, unique=True)
    kind = models.CharField("类别", max_length=12, choices=UnitKind.choices)

    class Meta:
        verbose_name = "共建单位"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agreement(models.Model):
    unit = models.ForeignKey(CoBuildingUnit, models.CASCADE, related_name="agreements")
    branch = models.ForeignKey(PartyOrg, models.CASCADE, related_name="agreements")
    compound = models.ForeignKey("places.Place", models.PROTECT, related_name="+", verbose_name="小区")
    signed_on = models.DateField("签订日期")
    commitments = models.TextField("共建承诺（资源与项目清单）", blank=True)

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

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("agreement__compound__code", scope.place_codes)


class MemberTransfer(models.Model):
    """组织关系转接: out of one organisation into another. Inside the platform the receiving branch
    accepts (待接收 → 已转入 / 已退回); to or from outside (``*_external``) it is recorded as done. Rows are
    kept as the member's history; only the status moves, by compare-and-set."""

    member = models.ForeignKey(PartyMember, models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(
        PartyOrg, models.PROTECT, null=True, blank=True, related_name="transfers_out", verbose_name="转出组织"
    )
    from_external = models.CharField("转出组织（平台外）", max_length=80, blank=True)
    to_org = models.ForeignKey(
        PartyOrg, models.PROTECT, null=True, blank=True, related_name="transfers_in", verbose_name="转入组织"
    )
    to_external = models.CharField("转入组织（平台外）", max_length=80, blank=True)
    status = models.CharField("状态", max_length=10, choices=TransferStatus.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    reason = models.CharField("退回原因", max_length=200, blank=True)
    requested_by = models.ForeignKey("accounts.User", models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey("accounts.User", models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "组织关系转接"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(from_org__isnull=False) | ~Q(from_external=""))
                & (Q(to_org__isnull=False) | ~Q(to_external="")),
                name="party_transfer_has_both_ends",
            ),
            models.CheckConstraint(
                condition=Q(from_org__isnull=True) | Q(to_org__isnull=True) | ~Q(from_org=models.F("to_org")),
                name="party_transfer_moves",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="party_transfer_reject_reason"
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="party_transfer_one_pending"
            ),
        ]

    def __str__(self):
        return f"{self.member_id}:{self.from_label}→{self.to_label}"

    @property
    def from_label(self) -> str:
        return self.from_org.name if self.from_org_id else self.from_external

    @property
    def to_label(self) -> str:
        return self.to_org.name if self.to_org_id else self.to_external

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        codes = scope.place_codes
        return (
            subtree_q("member__home__code", codes)
            | subtree_q("from_org__place__code", codes)
            | subtree_q("to_org__place__code", codes)
        )


class PartyEvent(AppendOnly):
    """Who changed what in the party records, when (append-only)."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey("accounts.User", models.PROTECT, null=True, related_name="+")
    actor_role = models.CharField(max_length=30, blank=True)
    verb = models.CharField(max_length=30)
    place_code = models.CharField(max_length=20, db_index=True)
    summary = models.CharField("内容", max_length=200)
    org = models.ForeignKey(PartyOrg, models.SET_NULL, null=True, blank=True, related_name="events")
    member = models.ForeignKey(PartyMember, models.SET_NULL, null=True, blank=True, related_name="events")
    body = models.ForeignKey(Body, models.SET_NULL, null=True, blank=True, related_name="events")

    class Meta:
        verbose_name = "党建变更记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.summary

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place_code", scope.place_codes)
