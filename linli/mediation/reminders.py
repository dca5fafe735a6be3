"""The 30-day window for judicial confirmation (司法确认, 人民调解法 Art. 33): the parties may jointly
apply to a court within 30 natural days from the day the agreement takes effect. The mediator is reminded
once, ``LINLI_MEDIATION_JUDICIAL_REMIND_DAYS`` days before the window closes (or at the first tick after
that day while the window is still open), unless the parties' decision is already recorded."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from linli.notifications.services import notify

from .choices import EventKind, Judicial, Status
from .models import CaseEvent, MediationCase

WINDOW_DAYS = 30  # natural days, not working days: the law counts 日


def _lead_days() -> int:
    return int(getattr(settings, "LINLI_MEDIATION_JUDICIAL_REMIND_DAYS", 7))


def judicial_deadline(effective_on: date) -> date:
    """The last day on which the parties may still apply."""
    return effective_on + timedelta(days=WINDOW_DAYS)


def remind_on(effective_on: date) -> date:
    return judicial_deadline(effective_on) - timedelta(days=_lead_days())


def days_left(effective_on: date, today: date) -> int:
    return (judicial_deadline(effective_on) - today).days


def due_cases(today: date):
    """Resolved cases whose reminder day has come, whose window is still open and which were not reminded."""
    lead = timedelta(days=WINDOW_DAYS - _lead_days())
    return MediationCase.objects.filter(
        status=Status.RESOLVED,
        judicial=Judicial.NONE,
        judicial_reminded_at__isnull=True,
        agreement_effective_on__lte=today - lead,
        agreement_effective_on__gte=today - timedelta(days=WINDOW_DAYS),
    ).select_related("mediator")


def judicial_reminders_send(*, now=None) -> int:
    """Remind each due case's mediator once (idempotent: the case is marked by compare-and-set, and the
    notification carries a dedupe key). Returns the number of cases reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for case in due_cases(today):
        with transaction.atomic():
            marked = MediationCase.objects.filter(pk=case.pk, judicial_reminded_at__isnull=True).update(
                judicial_reminded_at=now
            )
            if marked != 1:
                continue
            deadline = judicial_deadline(case.agreement_effective_on)
            left = days_left(case.agreement_effective_on, today)
            CaseEvent.objects.create(
                case=case,
                kind=EventKind.REMINDED,
                at=now,
                note=f"申请期限 {deadline:%Y-%m-%d}，剩余 {left} 天",
            )
            if case.mediator:
                notify(
                    recipients=[case.mediator],
                    kind="mediation.judicial_window",
                    title=f"司法确认申请期限将至：{case.title}",
                    body=(
                        f"{case.number}的调解协议于 {case.agreement_effective_on:%Y-%m-%d} 生效，当事人可在 "
                        f"{deadline:%Y-%m-%d} 前共同向人民法院申请司法确认（剩余 {left} 天）。"
                        "请告知当事人，并记录其是否申请。"
                    ),
                    url=reverse("mediation:detail", args=[case.pk]),
                    dedupe_key=f"mediation:{case.pk}:judicial",
                )
            sent += 1
    return sent
