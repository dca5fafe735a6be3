"""人民调解 cases: parties, sessions (笔录), the agreement's signature checklist, follow-up visits, events.

Invariants: a case hangs under its 小区 (``place_code``), so scope is one code range; the status changes
only through services (compare-and-set on ``version``) and every change writes one immutable CaseEvent; a
refused case has its reason, a failed case its advice, a resolved case its agreement kind, text and
effective date (database constraints); one signature per party, one mediator signature and one seal per
case; the judicial-confirmation reminder is sent at most once (``judicial_reminded_at``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from linli.core.fields import EncryptedCharField
from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q

from .choices import (
    Advice,
    AgreementKind,
    DisputeType,
    EventKind,
    Judicial,
    Level,
    Origin,
    PartyRole,
    Performance,
    Signer,
    Status,
)


class MediationCase(models.Model):
    title = models.CharField("案由", max_length=100)
    dispute_type = models.CharField("纠纷类型", max_length=16, choices=DisputeType.choices)
    origin = models.CharField("来源", max_length=16, choices=Origin.choices)
    compound = models.ForeignKey("places.Place", models.PROTECT, related_name="+", verbose_name="小区")
    place_code = models.CharField("小区编码", max_length=24, db_index=True)
    facts = models.TextField("纠纷简要情况", max_length=4000)
    level = models.PositiveSmallIntegerField("调解层级", choices=Level.choices, default=Level.COMPOUND)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REGISTERED)
    version = models.PositiveIntegerField(default=1)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    registered_at = models.DateTimeField("登记时间", db_index=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="调解员",
    )
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    refusal_reason = models.TextField("不予受理理由", blank=True)
    agreement_kind = models.CharField("协议形式", max_length=8, choices=AgreementKind.choices, blank=True)
    agreement_text = models.TextField("协议内容", blank=True)
    agreement_effective_on = models.DateField("协议生效日期", null=True, blank=True)
    advice = models.CharField("告知途径", max_length=16, choices=Advice.choices, blank=True)
    advice_note = models.TextField("调解不成情况及告知内容", blank=True)
    concluded_at = models.DateTimeField("结案时间", null=True, blank=True, db_index=True)
    judicial = models.CharField("司法确认", max_length=8, choices=Judicial.choices, blank=True, default="")
    judicial_reminded_at = models.DateTimeField("司法确认提醒时间", null=True, blank=True)

    class Meta:
        verbose_name = "调解案件"
        verbose_name_plural = "调解案件"
        ordering = ["-registered_at"]
        constraints = [
            models.CheckConstraint(
                name="mediation_refused_has_reason",
                condition=~Q(status=Status.REFUSED) | ~Q(refusal_reason=""),
            ),
            models.CheckConstraint(
                name="mediation_failed_has_advice",
                condition=~Q(status=Status.FAILED) | (~Q(advice="") & ~Q(advice_note="")),
            ),
            models.CheckConstraint(
                name="mediation_resolved_has_agreement",
                condition=~Q(status=Status.RESOLVED)
                | (~Q(agreement_kind="") & ~Q(agreement_text="") & Q(agreement_effective_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="mediation_signing_is_written",
                condition=~Q(status=Status.SIGNING) | Q(agreement_kind=AgreementKind.WRITTEN),
            ),
        ]

    def __str__(self):
        return f"调字第{self.pk}号 {self.title}"

    @property
    def number(self) -> str:
        return f"调字〔{self.registered_at:%Y}〕第{self.pk}号"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("place_code", scope.place_codes)


class Party(models.Model):
    case = models.ForeignKey(MediationCase, models.CASCADE, related_name="parties")
    role = models.CharField("身份", max_length=16, choices=PartyRole.choices)
    name = models.CharField("姓名或名称", max_length=50)
    phone = EncryptedCharField("联系电话")
    address = models.CharField("住址", max_length=100, blank=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_role_display()}（调解案件 {self.case_id}）"


class Session(AppendOnly):
    """One mediation session and its record (调解笔录)."""

    case = models.ForeignKey(MediationCase, models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField("调解时间")
    location = models.CharField("调解地点", max_length=100)
    attendees = models.CharField("参加人员", max_length=300)
    record = models.TextField("调解笔录", max_length=20000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "调解笔录"
        verbose_name_plural = "调解笔录"
        ordering = ["held_at", "pk"]


class Signature(AppendOnly):
    """One tick of the written agreement's signature checklist."""

    case = models.ForeignKey(MediationCase, models.CASCADE, related_name="signatures")
    signer = models.CharField("签署项", max_length=8, choices=Signer.choices)
    party = models.ForeignKey(Party, models.CASCADE, null=True, blank=True, related_name="signatures")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "协议签署"
        verbose_name_plural = "协议签署"
        constraints = [
            models.CheckConstraint(
                name="mediation_signature_party_iff_party",
                condition=Q(signer=Signer.PARTY, party__isnull=False)
                | (~Q(signer=Signer.PARTY) & Q(party=None)),
            ),
            models.UniqueConstraint(
                fields=["case", "party"], condition=Q(signer=Signer.PARTY), name="mediation_one_sig_per_party"
            ),
            models.UniqueConstraint(
                fields=["case", "signer"],
                condition=~Q(signer=Signer.PARTY),
                name="mediation_one_mediator_seal",
            ),
        ]


class FollowUp(AppendOnly):
    case = models.ForeignKey(MediationCase, models.CASCADE, related_name="follow_ups")
    visited_on = models.DateField("回访日期")
    performance = models.CharField("履行情况", max_length=8, choices=Performance.choices)
    note = models.TextField("回访情况", max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"
        ordering = ["visited_on", "pk"]


class CaseEvent(AppendOnly):
    case = models.ForeignKey(MediationCase, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField(db_index=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "调解案件事件"
        verbose_name_plural = "调解案件事件"
        ordering = ["at", "pk"]
