"""Owners' self-governance records kept beside the bodies of linli.party: candidate review and
pre-appointment talks, and the re-election reminders already sent (one per body per term)."""

from django.db import models
from django.db.models import Q

from linli.core.policy import Scope, subtree_q


class CandidateReview(models.Model):
    body = models.ForeignKey("party.Body", models.CASCADE, related_name="candidate_reviews")
    name = models.CharField("候选人", max_length=40)
    reviewed_on = models.DateField("资格审查日期")
    passed = models.BooleanField("审查通过")
    talk_on = models.DateField("任前谈话日期", null=True, blank=True)
    talk_note = models.TextField("谈话记录", blank=True)

    class Meta:
        verbose_name = "候选人审查"
        ordering = ["-reviewed_on"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return subtree_q("body__place__code", scope.place_codes)


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
