"""Property companies, their contracts with 小区, evaluations, credit files, fees and campaigns."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q
from linli.places.codes import PLACE_CODE_WIDTHS
from linli.places.models import Place

from .choices import CampaignStatus, CreditKind, CreditSource, ServiceLevel

_WIDTHS = sorted(set(PLACE_CODE_WIDTHS.values()))
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class PropertyCompany(models.Model):
    name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    has_party_org = models.BooleanField("建有党组织", default=False)
    party_org_name = models.CharField("党组织名称", max_length=200, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    registered_at = models.DateField("登记日期", null=True, blank=True)

    class Meta:
        verbose_name = "物业企业"
        verbose_name_plural = "物业企业"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(has_party_org=True) | Q(party_org_name=""),
                name="property_party_org_name_only_with_org",
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Companies with a contract for a 小区 in scope (past or present)."""
        contracts = ServiceContract.objects.filter(subtree_q("compound__code", scope.place_codes))
        return Q(pk__in=contracts.values("company_id"))


class ServiceContract(models.Model):
    company = models.ForeignKey(PropertyCompany, models.PROTECT, related_name="contracts")
    compound = models.ForeignKey(
        Place, models.PROTECT, verbose_name="小区", related_name="property_contracts"
    )
    start = models.DateField("起始日期")
    end = models.DateField("终止日期")
    service_level = models.CharField("服务等级", max_length=2, choices=ServiceLevel.choices)
    fee_standard = models.DecimalField("收费标准（元/㎡/月）", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "物业服务合同"
        verbose_name_plural = "物业服务合同"
        ordering = ["compound__code", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="property_contract_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(fee_standard__gte=0), name="property_contract_fee_nonnegative"
            ),
            models.UniqueConstraint(fields=["compound", "start"], name="property_contract_one_per_start"),
        ]

    def __str__(self):
        return f"{self.company}—{self.compound}"


class EvaluationTemplate(models.Model):
    name = models.CharField("名称", max_length=100)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "评价模板"
        verbose_name_plural = "评价模板"

    def __str__(self):
        return self.name


class EvaluationItem(models.Model):
    template = models.ForeignKey(EvaluationTemplate, models.CASCADE, related_name="items")
    name = models.CharField("评价项目", max_length=100)
    weight = models.PositiveSmallIntegerField("权重", validators=PERCENT)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评价项目"
        verbose_name_plural = "评价项目"
        ordering = ["template", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__lte=100), name="property_item_weight_le_100")
        ]

    def __str__(self):
        return self.name


class Evaluation(AppendOnly):
    company = models.ForeignKey(PropertyCompany, models.PROTECT, related_name="evaluations")
    compound = models.ForeignKey(Place, models.PROTECT, verbose_name="小区", related_name="+")
    period = models.CharField("评价周期", max_length=7)  # 2026Q4
    template = models.ForeignKey(EvaluationTemplate, models.PROTECT, related_name="+")
    filled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    items_score = models.DecimalField("项目加权分", max_digits=5, decimal_places=2)
    satisfaction = models.DecimalField("群众满意率（%）", max_digits=5, decimal_places=2)
    total = models.DecimalField("综合得分", max_digits=5, decimal_places=2)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "物业评价"
        verbose_name_plural = "物业评价"
        ordering = ["-period", "compound__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "compound", "period"], name="property_one_evaluation_per_period"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=0, satisfaction__lte=100, total__gte=0, total__lte=100),
                name="property_evaluation_percentages",
            ),
        ]

    def __str__(self):
        return f"{self.company} {self.period}"


class EvaluationScore(AppendOnly):
    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="scores")
    item = models.ForeignKey(EvaluationItem, models.PROTECT, related_name="+")
    weight = models.PositiveSmallIntegerField("权重")
    score = models.DecimalField("得分", max_digits=5, decimal_places=2, validators=PERCENT)

    class Meta:
        verbose_name = "评价得分"
        verbose_name_plural = "评价得分"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="property_one_score_per_item"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="property_score_0_100"),
        ]

    def __str__(self):
        return f"{self.item}: {self.score}"


def one_year_from_today():
    return dt.date.today() + dt.timedelta(days=365)


class CreditEntry(AppendOnly):
    """One line of a company's credit file. Never edited: a reversal entry cancels another."""

    company = models.ForeignKey(PropertyCompany, models.PROTECT, related_name="credit_entries")
    kind = models.CharField("类别", max_length=10, choices=CreditKind.choices)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    blacklist = models.BooleanField("列入黑名单", default=False)
    reason = models.CharField("事由", max_length=200)
    evidence = models.TextField("依据", blank=True)
    source = models.CharField("来源", max_length=12, choices=CreditSource.choices)
    evaluation = models.OneToOneField(
        Evaluation, models.PROTECT, null=True, blank=True, related_name="credit_entry"
    )
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("失效日期", null=True, blank=True)
    reverses = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="reversed_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "信用档案记录"
        verbose_name_plural = "信用档案记录"
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CreditKind.REVERSAL, reverses__isnull=False)
                | (~Q(kind=CreditKind.REVERSAL) & Q(reverses__isnull=True)),
                name="property_credit_reversal_names_entry",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CreditKind.BASIC) | Q(points__gte=0, points__lte=80),
                name="property_credit_basic_0_80",
            ),
            models.CheckConstraint(
                condition=Q(blacklist=False) | Q(kind=CreditKind.BAD),
                name="property_credit_blacklist_only_bad",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="property_credit_validity_order",
            ),
        ]

    def __str__(self):
        return f"{self.company} {self.get_kind_display()} {self.points}"


class FeeCollection(models.Model):
    compound = models.ForeignKey(Place, models.PROTECT, verbose_name="小区", related_name="+")
    period = models.CharField("期间", max_length=7)  # 2026 or 2026Q4
    due = models.DecimalField("应收金额（元）", max_digits=14, decimal_places=2)
    collected = models.DecimalField("实收金额（元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "物业费收缴"
        verbose_name_plural = "物业费收缴"
        ordering = ["-period", "compound__code"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "period"], name="property_fee_one_per_period"),
            models.CheckConstraint(
                condition=Q(due__gt=0, collected__gte=0, collected__lte=F("due")),
                name="property_fee_amounts",
            ),
        ]

    def __str__(self):
        return f"{self.compound} {self.period}"

    @property
    def rate(self):
        return (self.collected * 100 / self.due).quantize(self.due.__class__("0.01"))

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("compound__code", scope.place_codes)


class Campaign(models.Model):
    title = models.CharField("整治主题", max_length=200)
    scope = models.ForeignKey(Place, models.PROTECT, verbose_name="范围", related_name="+")
    starts = models.DateField("开始日期")
    ends = models.DateField("结束日期")
    status = models.CharField(
        "状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )

    class Meta:
        verbose_name = "集中整治"
        verbose_name_plural = "集中整治"
        ordering = ["-starts"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="property_campaign_dates")
        ]

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        """Campaigns over the user's area or inside it: a street campaign reaches a 小区's staff."""
        ancestors = {code[:w] for code in scope.place_codes for w in _WIDTHS if w < len(code)}
        return subtree_q("scope__code", scope.place_codes) | Q(scope__code__in=ancestors)


class CampaignItem(models.Model):
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="items")
    company = models.ForeignKey(PropertyCompany, models.PROTECT, null=True, blank=True, related_name="+")
    compound = models.ForeignKey(Place, models.PROTECT, null=True, blank=True, related_name="+")
    problem = models.CharField("问题", max_length=200)
    deadline = models.DateField("整改期限")
    rectified_at = models.DateField("整改完成日期", null=True, blank=True)
    evidence = models.TextField("整改依据", blank=True)

    class Meta:
        verbose_name = "整治事项"
        verbose_name_plural = "整治事项"
        ordering = ["deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | Q(compound__isnull=False),
                name="property_campaign_item_has_target",
            )
        ]

    def __str__(self):
        return self.problem

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("compound__code", scope.place_codes)


from .models_fees import FeeBill, FeePayment, PropertyEvent  # noqa: E402  (models in a second module)

__all__ = [
    "Campaign",
    "CampaignItem",
    "CreditEntry",
    "Evaluation",
    "EvaluationItem",
    "EvaluationScore",
    "EvaluationTemplate",
    "FeeBill",
    "FeeCollection",
    "FeePayment",
    "PropertyCompany",
    "PropertyEvent",
    "ServiceContract",
]
