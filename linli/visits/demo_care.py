"""Demo 关爱对象 for the visits demo: the ledger's care tags (people demo) of the demo community, elders
living alone it missed tagged through the ledger service, and a shorter contact interval for a few."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, Q

from linli.accounts.models import User
from linli.core.frozen_time import frozen_at
from linli.people.models import Person, Tag, TagAssignment
from linli.people.selectors import active_tag_q, care_people
from linli.people.services import tag_add
from linli.places.choices import PlaceLevel
from linli.places.models import Place


def _elders_living_alone(community: Place, today: date) -> list[Person]:
    """Current residents aged 70 or more who live alone, in the community."""
    seventy = today.replace(year=today.year - 70)
    alone = (
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=community.code)
        .annotate(n=Count("members", filter=Q(members__moved_out_on__isnull=True)))
        .filter(n=1)
        .values("pk")
    )
    return list(
        Person.objects.filter(household__in=alone, birth_date__lte=seventy, moved_out_on__isnull=True)
        .select_related("household")
        .order_by("household__code")
    )


def tag_elders_living_alone(community: Place, desk: User, now: datetime) -> int:
    """Tag 独居老人 (through the ledger service, as the community desk) whoever lives alone at 70+ and
    is not tagged yet; the people demo has tagged most of them already."""
    tag = Tag.objects.get(code="living_alone")
    elders = _elders_living_alone(community, now.date())
    tagged = set(
        TagAssignment.objects.filter(tag=tag, until__isnull=True, person__in=elders).values_list(
            "person_id", flat=True
        )
    )
    since = (now - timedelta(days=90)).date()
    added = 0
    with frozen_at(now - timedelta(days=90)):
        for i, person in enumerate(p for p in elders if p.pk not in tagged):
            tag_add(
                actor=desk, tag=tag, person=person, since=since, note="独居，子女不在本市" if i % 2 else ""
            )
            added += 1
    return added


def cared_in(community: Place, today: date) -> list[Person]:
    """The community's 关爱对象 (active care tags), each with ``care_codes``, in household order."""
    people = list(
        care_people(on=today)
        .filter(household__code__startswith=community.code)
        .select_related("household")
        .order_by("household__code", "pk")
    )
    codes: dict[int, set[str]] = {}
    rows = TagAssignment.objects.filter(active_tag_q(today), tag__care=True, person__in=people)
    for pk, code in rows.values_list("person_id", "tag__code"):
        codes.setdefault(pk, set()).add(code)
    for person in people:
        person.care_codes = codes.get(person.pk, set())
    return people


def shorter_intervals(cared: list[Person]) -> None:
    """A few elders living alone are to be contacted every 3 days instead of the global interval (as a
    community decides for the frailest); set on their ledger tag."""
    frail = [p.pk for p in cared if "living_alone" in p.care_codes][3::7]
    TagAssignment.objects.filter(
        tag__code="living_alone", until__isnull=True, person__in=frail, contact_days__isnull=True
    ).update(contact_days=3)
