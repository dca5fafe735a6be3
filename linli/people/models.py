"""The household ledger (数字化底账): residents, where they live and lived, their tags with dates, and the
family occasions (喜事丧事) a 楼道 team keeps track of.

身份证号 and mobile numbers are encrypted at rest (core.fields.EncryptedCharField); they are found again
through keyed hashes (``*_hash``), which the services keep in step. A move never deletes anything: the
person's ``Residency`` rows are the history, ``moved_out_on`` marks someone who left the area."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core import masking
from linli.core.fields import EncryptedCharField
from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q
from linli.places.choices import PlaceLevel

from .choices import DeletionStatus, Gender, OccasionKind, PersonEventKind, Relation, ResidenceType, TagTarget


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
    id_number = EncryptedCharField("身份证号")
    id_number_hash = models.CharField("身份证号检索码", max_length=64, blank=True, default="", editable=False)
    mobile = EncryptedCharField("手机号")
    mobile_hash = models.CharField(
        "手机号检索码", max_length=64, blank=True, default="", db_index=True, editable=False
    )
    moved_in_on = models.DateField("迁入日期", null=True, blank=True)
    moved_out_on = models.DateField("迁出日期", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="平台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    #: Set once the personal data was removed (PIPL: on request, or after the retention of a moved-out
    #: resident); the row stays for the history and the counts.
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True)

    class Meta:
        verbose_name = "居民"
        verbose_name_plural = "居民"
        ordering = ["household", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="people_person_unique_id_number",
                violation_error_message="该身份证号已登记。",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def masked_name(self) -> str:
        """张*明 / 李* — the form shown on public pages."""
        return masking.mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return masking.mask_id_number(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return masking.mask_mobile(self.mobile)

    @property
    def is_current(self) -> bool:
        return self.moved_out_on is None

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("household__code", scope.place_codes) | subtree_q(
            "household__grid__code", scope.grid_codes
        )


class Residency(models.Model):
    """One stay of a person in a household: the move history. Ended, never deleted."""

    person = models.ForeignKey(
        Person, verbose_name="居民", on_delete=models.CASCADE, related_name="residencies"
    )
    household = models.ForeignKey(
        "places.Place", verbose_name="户", on_delete=models.PROTECT, related_name="residencies"
    )
    moved_in_on = models.DateField("迁入日期", null=True, blank=True)
    moved_out_on = models.DateField("迁出日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "居住记录"
        verbose_name_plural = "居住记录"
        ordering = ["person", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(moved_out_on__isnull=True), name="people_one_open_residency"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.household}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("household__code", scope.place_codes) | subtree_q(
            "household__grid__code", scope.grid_codes
        )


class PersonEvent(AppendOnly):
    """What happened to a ledger entry: who, when, which fields (names only, never values)."""

    person = models.ForeignKey(Person, verbose_name="居民", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField("角色", max_length=32, blank=True)
    kind = models.CharField("事件", max_length=16, choices=PersonEventKind.choices)
    fields = models.CharField("涉及字段", max_length=300, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "居民信息变更记录"
        verbose_name_plural = "居民信息变更记录"
        ordering = ["-at", "-id"]


class Tag(models.Model):
    """A ledger tag (独居老人, 出租房 …): a configurable list; ``code`` is what the rules refer to."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    target = models.CharField("标注对象", max_length=10, choices=TagTarget.choices, default=TagTarget.PERSON)
    care = models.BooleanField("关爱对象", default=False, help_text="需定期走访联系，纳入关爱预警")
    sort = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"
        ordering = ["sort", "id"]

    def __str__(self):
        return self.name


class TagAssignment(models.Model):
    """A tag on a person or on a household, from ``since`` until ``until`` (open while null). On a care
    tag (``Tag.care``) ``contact_days`` is how often the person must be seen or called (visits' care
    alerts); empty means the global LINLI_CARE_CONTACT_DAYS."""

    tag = models.ForeignKey(Tag, verbose_name="标签", on_delete=models.PROTECT, related_name="assignments")
    person = models.ForeignKey(
        Person, verbose_name="居民", null=True, blank=True, on_delete=models.CASCADE, related_name="tags"
    )
    household = models.ForeignKey(
        "places.Place",
        verbose_name="户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="household_tags",
    )
    since = models.DateField("起始日期")
    until = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    contact_days = models.PositiveSmallIntegerField(
        "走访联系间隔（天）",
        null=True,
        blank=True,
        help_text="关爱对象多少天内至少见面或电话联系一次；为空时使用全局设置",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "标签记录"
        verbose_name_plural = "标签记录"
        ordering = ["-since", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, household__isnull=True)
                | Q(person__isnull=True, household__isnull=False),
                name="people_tag_on_person_or_household",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="people_tag_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(contact_days__isnull=True) | Q(contact_days__gte=1),
                name="people_tag_contact_days_positive",
            ),
            models.UniqueConstraint(
                fields=["tag", "person"],
                condition=Q(until__isnull=True, person__isnull=False),
                name="people_one_open_person_tag",
            ),
            models.UniqueConstraint(
                fields=["tag", "household"],
                condition=Q(until__isnull=True, household__isnull=False),
                name="people_one_open_household_tag",
            ),
        ]

    def __str__(self):
        return f"{self.tag}：{self.person or self.household}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return (
            subtree_q("person__household__code", scope.place_codes)
            | subtree_q("person__household__grid__code", scope.grid_codes)
            | subtree_q("household__code", scope.place_codes)
            | subtree_q("household__grid__code", scope.grid_codes)
        )


class Occasion(models.Model):
    """喜事丧事 in a household — one of the 四必掌握 a 楼道 team keeps track of."""

    household = models.ForeignKey(
        "places.Place", verbose_name="户", on_delete=models.PROTECT, related_name="occasions"
    )
    kind = models.CharField("类别", max_length=8, choices=OccasionKind.choices)
    title = models.CharField("事项", max_length=100)
    on = models.DateField("日期")
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "喜事丧事"
        verbose_name_plural = "喜事丧事"
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("household__code", scope.place_codes) | subtree_q(
            "household__grid__code", scope.grid_codes
        )


class DeletionRequest(models.Model):
    """A resident's request to delete their personal information (PIPL Art. 47), answered by the
    community: carried out as anonymisation, or refused with the reason the resident sees."""

    person = models.ForeignKey(
        Person, verbose_name="居民", on_delete=models.PROTECT, related_name="deletion_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("申请理由", max_length=300)
    status = models.CharField(
        "状态", max_length=10, choices=DeletionStatus.choices, default=DeletionStatus.PENDING
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    reply = models.CharField("答复", max_length=300, blank=True)

    class Meta:
        verbose_name = "个人信息删除申请"
        verbose_name_plural = "个人信息删除申请"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending"),
                name="people_one_pending_deletion_request",
                violation_error_message="您已有一份待处理的删除申请。",
            )
        ]

    def __str__(self):
        return f"{self.person.masked_name} {self.get_status_display()}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("person__household__code", scope.place_codes) | subtree_q(
            "person__household__grid__code", scope.grid_codes
        )
