"""Who may vote in a poll: the roll fixed at opening (pure queries, no writes)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from linli.core.masking import mask_name
from linli.core.policy import subtree_q
from linli.people.models import Person
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .choices import VoterUnit
from .models import Elector, ExclusiveArea, Poll

#: Residents vote in person-by-person polls from this age (民法典 §17: adults).
ADULT_AGE = 18


def households_of(poll: Poll) -> QuerySet[Place]:
    homes = Place.objects.filter(subtree_q("code", [poll.place.code]), level=PlaceLevel.HOUSEHOLD)
    if poll.grid_id:
        homes = homes.filter(subtree_q("grid__code", [poll.grid.code]))
    return homes


def adult_born_by(today: date) -> date:
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


def build_roll(poll: Poll, *, today: date) -> tuple[list[Elector], list[Place]]:
    """The electors of ``poll`` (unsaved) and, for 业主大会, the owners' households lacking an area."""
    homes = households_of(poll)
    current = Person.objects.filter(household__in=homes.values("pk"), moved_out_on__isnull=True)
    if poll.voter_unit == VoterUnit.HOUSEHOLD:
        ids = homes.filter(pk__in=current.values("household")).values_list("pk", flat=True)
        return [Elector(poll=poll, household_id=pk) for pk in ids], []
    if poll.voter_unit == VoterUnit.PERSON:
        adults = current.exclude(birth_date__gt=adult_born_by(today)).order_by("household__code", "id")
        return [
            Elector(poll=poll, household_id=p.household_id, person_id=p.pk, name=mask_name(p.name))
            for p in adults.only("pk", "household_id", "name")
        ], []
    # 业主大会: one elector per 专有部分 that has an owner, represented by its first registered owner.
    owners: dict[int, Person] = {}
    for person in (
        current.filter(is_owner=True).order_by("household_id", "id").only("pk", "household_id", "name")
    ):
        owners.setdefault(person.household_id, person)
    areas = dict(ExclusiveArea.objects.filter(household__in=list(owners)).values_list("household_id", "area"))
    missing = [pk for pk in owners if pk not in areas]
    if missing:
        return [], list(Place.objects.filter(pk__in=missing).order_by("code"))
    electors = [
        Elector(poll=poll, household_id=h, person_id=p.pk, name=mask_name(p.name), area=areas[h])
        for h, p in owners.items()
    ]
    return electors, []


def elector_of(user, poll: Poll) -> Elector | None:
    """The roll entry through which ``user`` votes online in ``poll`` (None: not on the roll)."""
    person = (
        Person.objects.filter(user=user, moved_out_on__isnull=True).first() if user.is_authenticated else None
    )
    if person is None:
        return None
    electors = poll.electors.all()
    if poll.voter_unit == VoterUnit.HOUSEHOLD:
        return electors.filter(household_id=person.household_id, person__isnull=True).first()
    if poll.voter_unit == VoterUnit.PERSON:
        return electors.filter(person=person).first()
    if not person.is_owner:
        return None
    return electors.filter(household_id=person.household_id).first()
