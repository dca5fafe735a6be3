"""智慧预警: residents the ledger marks as needing regular contact (an active care tag — 独居老人, 空巢老人,
留守儿童, 残疾人, 特困 …, see people.Tag.care) who have not been seen or called within their interval,
and the notifications that tell the people responsible for them.

The interval is the tag's ``contact_days``, else LINLI_CARE_CONTACT_DAYS; the shortest when a person
carries several care tags. Contact is a visit to their household with outcome 见到本人 or 电话联系 that
names them or names nobody (a visit that names another member of the household is no contact with them).
Never contacted: counted from the earliest start of their care tags. The arithmetic is in care.py."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.notifications.services import notify
from linli.people.models import TagAssignment
from linli.people.selectors import active_tag_q
from linli.places.models import Place

from . import rules
from .care import contact_due, overdue_period
from .choices import CONTACTED
from .models import Visit
from .recipients import responsible_for_care

_HOUSEHOLD_CHAIN = "parent__parent__parent"  # 户 → 单元 → 楼栋 → 小区: enough for display_name


@dataclass
class CareAlert:
    person: object
    household: Place
    grid_code: str
    kinds: list[str]  # the care tags' names
    days: int  # contact interval that applies
    last_contact: datetime | None
    due: datetime
    period: int
    days_since: int  # since the last contact (or since tagged)

    @property
    def kinds_label(self) -> str:
        return "、".join(self.kinds)


def care_tags_active(on: date):
    """Active care tags on current residents (the ledger's 关爱对象) on day ``on``."""
    return TagAssignment.objects.filter(
        active_tag_q(on), tag__care=True, person__isnull=False, person__moved_out_on__isnull=True
    )


def care_alerts(*, now: datetime | None = None, user=None) -> list[CareAlert]:
    """Residents with an active care tag whose last contact lies more than their interval ago. Without
    ``user``: everyone (for alerts_raise); with it, only those the user may see (VIEW_CARE_ALERT, by the
    resident's household). Most overdue first."""
    now = now or timezone.now()
    tags = care_tags_active(timezone.localdate(now))
    if user is not None:
        tags = policy.visible(user, rules.VIEW_CARE_ALERT, tags)
    last = (
        Visit.objects.filter(
            household=OuterRef("person__household"), outcome__in=CONTACTED, visited_at__lte=now
        )
        .filter(Q(person__isnull=True) | Q(person=OuterRef("person")))
        .order_by("-visited_at")
        .values("visited_at")[:1]
    )
    tags = tags.annotate(last_contact=Subquery(last)).select_related(
        "tag", f"person__household__{_HOUSEHOLD_CHAIN}", "person__household__grid"
    )
    default = settings.LINLI_CARE_CONTACT_DAYS
    by_person: dict[int, list[TagAssignment]] = defaultdict(list)
    for assignment in tags:
        by_person[assignment.person_id].append(assignment)
    tz = timezone.get_current_timezone()
    alerts = []
    for assignments in by_person.values():
        person = assignments[0].person
        days = min(a.contact_days or default for a in assignments)
        since = min(a.since for a in assignments)
        last_contact = assignments[0].last_contact
        due = contact_due(last_contact=last_contact, since=since, days=days, tz=tz)
        period = overdue_period(due=due, now=now, days=days)
        if period is None:
            continue
        base = last_contact or datetime.combine(since, time.min, tzinfo=tz)
        household = person.household
        alerts.append(
            CareAlert(
                person=person,
                household=household,
                grid_code=household.grid.code if household.grid_id else "",
                kinds=sorted({a.tag.name for a in assignments}),
                days=days,
                last_contact=last_contact,
                due=due,
                period=period,
                days_since=(now - base).days,
            )
        )
    alerts.sort(key=lambda a: (a.due, a.household.code))
    return alerts


def alerts_raise(*, now: datetime | None = None) -> int:
    """Notify, for every resident overdue for contact, the stairwell team of their 单元 and the 微网格员
    of their household's grid (the community desk when neither exists) — once per person and overdue
    period (dedupe key), so running it every few minutes repeats nothing. Returns the number of
    notifications written."""
    now = now or timezone.now()
    alerts = care_alerts(now=now)
    if not alerts:
        return 0
    recipients = responsible_for_care([(a.household.code, a.grid_code) for a in alerts])
    url = reverse("visits:alerts")
    written = 0
    with transaction.atomic():
        for alert in alerts:
            users = recipients.get(alert.household.code, [])
            written += len(
                notify(
                    recipients=users,
                    kind="visits.care_overdue",
                    title=f"关爱预警：{alert.kinds_label} {alert.person.masked_name} 已 {alert.days_since} 天未走访联系",
                    body=f"{alert.household.display_name}。请尽快上门走访或电话联系，并在“走访”中记录。",
                    url=url,
                    dedupe_key=f"visits.care:{alert.person.pk}:{alert.due:%Y%m%d}:{alert.period}",
                )
            )
    return written
