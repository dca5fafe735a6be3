"""Re-election (换届) reminders: once per body per term, to the staff and branch secretary over the 小区.
Invariant: one ReelectionReminder row per (body, term_end) — the unique key makes the tick idempotent."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from linli.accounts.models import RoleAssignment, User
from linli.core.roles import Role
from linli.notifications.services import notify

from .models import ReelectionReminder
from .selectors import bodies_due

RECIPIENT_ROLES = (Role.BRANCH_SECRETARY, Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER)


def _recipients(code: str) -> list[User]:
    prefixes = {code[:w] for w in (12, 15) if len(code) >= w} | {code}
    user_ids = (
        RoleAssignment.objects.active()
        .filter(role__in=RECIPIENT_ROLES, place__code__in=prefixes)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=user_ids))


def reminders_send(*, today: date) -> int:
    """Remind about every owners' body whose term ends soon; returns how many bodies were newly reminded."""
    sent = 0
    for body in bodies_due(today=today):
        try:
            with transaction.atomic():
                ReelectionReminder.objects.create(body=body, term_end=body.term_end)
        except IntegrityError:
            continue
        notify(
            recipients=_recipients(body.place.code),
            kind="owners.reelection_due",
            title=f"{body.place.name}{body.get_kind_display()}将于 {body.term_end:%Y-%m-%d} 届满，请筹备换届",
            body="请提前开展候选人资格审查和任前谈话。",
            url="/owners/",
            dedupe_key=f"owners:reelection:{body.pk}:{body.term_end}",
        )
        sent += 1
    return sent
