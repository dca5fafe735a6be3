"""Owners' self-governance records kept beside the bodies of linli.party: candidate review by the party
organisation (待审查 → 通过 / 不通过 with a reason) and the pre-appointment talk, with an append-only log;
and the re-election reminders already sent (one per body per term)."""

from django.db import models
from django.db.models import Q

from linli.core.models import AppendOnly
from linli.core.policy import Scope, subtree_q


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "待审查"
    APPROVED = "approved", "审查通过"
    REJECTED = "rejected", "审查不通过"


class CandidateReview(models.Model):
    body = models.ForeignKey("party.Body", models.CASCADE, related_name="candidate_reviews")
    name = models.CharField("候选人", max_length=40)
    is_party_member = models.BooleanField("党员", default=False)
    intro = models.TextField("基本情况", blank=True)
    status = models.CharField(
        "审查状态", max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    reason = models.CharField("不通过原因", max_length=200, blank=True)
    proposed_by = models.ForeignKey("accounts.User", models.PROTECT, null=True, related_name="+")
    proposed_at = models.DateTimeField("推荐时间", null=True)
    reviewed_by = models.ForeignKey("accounts.User", models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_on = models.DateField("资格审查日期", null=True, blank=True)
    talk_on = models.DateField("任前谈话日期", null=True, blank=True)
    talk_note = models.TextField("谈话记录", blank=True)

    class Meta:
        verbose_name = "候选人审查"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="owners_candidate_reject_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(reviewed_on__isnull=False),
                name="owners_candidate_reviewed_on",
            ),
            models.CheckConstraint(
                condition=Q(talk_on__isnull=True) | Q(status="approved"),
                name="owners_candidate_talk_after_approval",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("body__place__code", scope.place_codes)


class CandidateEvent(AppendOnly):
    review = models.ForeignKey(CandidateReview, models.CASCADE, related_name="events")
    verb = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey("accounts.User", models.PROTECT, null=True, related_name="+")
    actor_role = models.CharField(max_length=30, blank=True)
    note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "候选人审查记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.review_id}:{self.verb}"


class ReelectionReminder(models.Model):
    body = models.ForeignKey("party.Body", models.CASCADE, related_name="+")
    term_end = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "换届提醒"
        constraints = [
            models.UniqueConstraint(fields=["body", "term_end"], name="owners_reminder_once_per_term")
        ]

    def __str__(self):
        return f"{self.body_id}:{self.term_end}"
