"""Reads of the household ledger, always through the policy: what this user may see."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from linli.core import policy, validators
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules
from .choices import OccasionKind, ResidenceType
from .models import Occasion, Person, PersonEvent, Residency, Tag, TagAssignment


def person_visible_to(user, permission: str = rules.VIEW_PERSON) -> QuerySet:
    return policy.visible(user, permission, Person.objects.all())


def household_members_for_user(*, user, household):
    """Current members of a household the user may see (empty when they may not see residents)."""
    return list(person_visible_to(user).filter(household=household, moved_out_on__isnull=True).order_by("id"))


def active_tag_q(on: date | None = None, prefix: str = "") -> Q:
    on = on or timezone.localdate()
    return Q(**{f"{prefix}since__lte": on}) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": on})
    )


def tags() -> QuerySet:
    return Tag.objects.filter(is_active=True)


def ledger(
    *,
    user,
    under: Place | None = None,
    tag: Tag | None = None,
    residence_type: str = "",
    status: str = "current",
    text: str = "",
) -> QuerySet:
    """The ledger list: residents the user may see, under a node, with a tag, by residence type, current
    or moved out; ``text`` is a name (contains), or an exact 身份证号 / mobile number (via keyed hash)."""
    from . import services

    rows = person_visible_to(user)
    if under is not None:
        rows = rows.filter(household__code__startswith=under.code)
    if status == "current":
        rows = rows.filter(moved_out_on__isnull=True)
    elif status == "moved_out":
        rows = rows.filter(moved_out_on__isnull=False)
    if residence_type in ResidenceType.values:
        rows = rows.filter(residence_type=residence_type)
    if tag is not None:
        on_person = TagAssignment.objects.filter(active_tag_q(), tag=tag, person=OuterRef("pk"))
        on_home = TagAssignment.objects.filter(active_tag_q(), tag=tag, household=OuterRef("household"))
        rows = rows.filter(Exists(on_person) | Exists(on_home))
    text = (text or "").strip()
    if text:
        digits = validators.normalize_id_number(text)
        if len(digits) == 18:
            try:
                number = validators.validate_id_number(digits).number
            except DomainError:
                return rows.none()
            rows = rows.filter(id_number_hash=services.id_number_hash(number))
        elif len(validators.normalize_mobile(text)) == 11 and validators.normalize_mobile(text).isdigit():
            rows = rows.filter(mobile_hash=services.mobile_hash(validators.normalize_mobile(text)))
        else:
            rows = rows.filter(name__contains=text)
    return rows.select_related("household", "household__grid").order_by("household__code", "id")


def person_for(*, user, pk, permission: str = rules.VIEW_PERSON) -> Person:
    return policy.get_visible_or_404(
        user, permission, Person.objects.select_related("household", "household__grid", "user"), pk=pk
    )


def household_for(*, user, code: str, permission: str = rules.VIEW_PERSON) -> Place:
    return policy.get_visible_or_404(
        user,
        permission,
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD).select_related("grid", "parent"),
        code=code,
    )


def history_of(person: Person) -> dict:
    return {
        "residencies": list(Residency.objects.filter(person=person).select_related("household")),
        "events": list(PersonEvent.objects.filter(person=person).select_related("actor")[:50]),
        "tags": list(TagAssignment.objects.filter(person=person).select_related("tag", "created_by")),
    }


def household_tags(household: Place) -> list[TagAssignment]:
    return list(TagAssignment.objects.filter(household=household).select_related("tag"))


def active_tags_by_person(person_ids) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = TagAssignment.objects.filter(active_tag_q(), person_id__in=list(person_ids)).values_list(
        "person_id", "tag__name"
    )
    for pk, name in rows:
        out.setdefault(pk, []).append(name)
    return out


def care_people(*, on: date | None = None) -> QuerySet:
    """Current residents with an active care tag (独居老人, 留守儿童 …): visits' care alerts read this."""
    on = on or timezone.localdate()
    tagged = TagAssignment.objects.filter(active_tag_q(on), tag__care=True, person=OuterRef("pk"))
    return Person.objects.filter(Exists(tagged), moved_out_on__isnull=True)


def care_tags_of(person_ids, *, on: date | None = None) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = TagAssignment.objects.filter(active_tag_q(on), tag__care=True, person_id__in=list(person_ids))
    for pk, name in rows.values_list("person_id", "tag__name"):
        out.setdefault(pk, []).append(name)
    return out


# --- 四必掌握 ---------------------------------------------------------------------------------------

FOUR_MUSTS = (
    ("employed_members", "在职党员"),
    ("floating", "流动人口"),
    ("rented", "出租房"),
    ("occasions", "喜事丧事"),
)


def four_musts(*, user, under: Place, since: date | None = None) -> dict[str, list]:
    """The four lists a 楼道/网格/小区 team must know, for the households under ``under``."""
    people = person_visible_to(user).filter(household__code__startswith=under.code, moved_out_on__isnull=True)
    people = people.select_related("household")
    employed = people.filter(
        Exists(
            TagAssignment.objects.filter(active_tag_q(), tag__code="employed_member", person=OuterRef("pk"))
        )
    )
    floating = people.filter(residence_type=ResidenceType.FLOATING)
    homes = policy.visible(user, rules.VIEW_PERSON, Place.objects.filter(level=PlaceLevel.HOUSEHOLD))
    rented = (
        TagAssignment.objects.filter(
            active_tag_q(), tag__code__in=["rented", "group_rented"], household__in=homes
        )
        .filter(household__code__startswith=under.code)
        .select_related("tag", "household")
    )
    since = since or timezone.localdate() - timedelta(days=90)
    occasions = (
        Occasion.objects.filter(household__in=homes, household__code__startswith=under.code, on__gte=since)
        .select_related("household")
        .order_by("-on")
    )
    return {
        "employed_members": list(employed),
        "floating": list(floating),
        "rented": list(rented),
        "occasions": list(occasions),
        "occasion_kinds": dict(OccasionKind.choices),
    }


# --- the ledger pages ------------------------------------------------------------------------------


def ledger_places(*, user, limit: int = 500) -> list[Place]:
    """The 小区, 楼栋 and 单元 the user may pick to narrow the ledger list (in code order)."""
    levels = [PlaceLevel.COMPOUND, PlaceLevel.BUILDING, PlaceLevel.UNIT]
    rows = policy.visible(user, rules.VIEW_PERSON, Place.objects.filter(level__in=levels))
    return list(rows.select_related("parent", "parent__parent").order_by("code")[:limit])


def place_for_ledger(*, user, code: str) -> Place:
    """A 小区/楼栋/单元/户 the user may see residents of (404 otherwise)."""
    return policy.get_visible_or_404(
        user, rules.VIEW_PERSON, Place.objects.filter(level__gte=PlaceLevel.COMPOUND), code=code
    )


def move_targets(*, user, person: Person, limit: int = 1000) -> list[Place]:
    """Households of the person's 小区 the user may register people in (a move's destination)."""
    compound = person.household
    while compound.level > PlaceLevel.COMPOUND and compound.parent_id:
        compound = compound.parent
    homes = policy.visible(user, rules.CHANGE_PERSON, Place.objects.filter(level=PlaceLevel.HOUSEHOLD))
    homes = homes.filter(code__startswith=compound.code).exclude(pk=person.household_id)
    return list(homes.select_related("parent", "parent__parent").order_by("code")[:limit])


def household_residents(*, user, household: Place) -> dict:
    """Current members (visible to the user) and everyone who lived here before, newest first."""
    current = list(
        person_visible_to(user).filter(household=household, moved_out_on__isnull=True).order_by("id")
    )
    visible = set(
        person_visible_to(user).filter(residencies__household=household).values_list("pk", flat=True)
    )
    former = [
        stay
        for stay in Residency.objects.filter(household=household, moved_out_on__isnull=False)
        .select_related("person")
        .order_by("-moved_out_on", "-id")
    ]
    for stay in former:
        stay.person_visible = stay.person_id in visible
    return {"current": current, "former": former}


def occasions_of(household: Place, limit: int = 50) -> list[Occasion]:
    return list(Occasion.objects.filter(household=household).select_related("created_by")[:limit])


def four_musts_in_grid(*, user, grid, since: date | None = None) -> dict[str, list]:
    """The 四必掌握 lists for the households of a grid (总网格/网格/微网格) and its sub-grids."""
    people = person_visible_to(user).filter(
        household__grid__code__startswith=grid.code, moved_out_on__isnull=True
    )
    people = people.select_related("household")
    employed = people.filter(
        Exists(
            TagAssignment.objects.filter(active_tag_q(), tag__code="employed_member", person=OuterRef("pk"))
        )
    )
    homes = policy.visible(user, rules.VIEW_PERSON, Place.objects.filter(level=PlaceLevel.HOUSEHOLD)).filter(
        grid__code__startswith=grid.code
    )
    rented = TagAssignment.objects.filter(
        active_tag_q(), tag__code__in=["rented", "group_rented"], household__in=homes
    ).select_related("tag", "household")
    since = since or timezone.localdate() - timedelta(days=90)
    occasions = Occasion.objects.filter(household__in=homes, on__gte=since).select_related("household")
    return {
        "employed_members": list(employed),
        "floating": list(people.filter(residence_type=ResidenceType.FLOATING)),
        "rented": list(rented),
        "occasions": list(occasions.order_by("-on")),
        "occasion_kinds": dict(OccasionKind.choices),
    }


def registered_since(*, user, since: date) -> QuerySet:
    """Residents the user may change who were registered on or after ``since`` (the workbench)."""
    return policy.visible(user, rules.CHANGE_PERSON, Person.objects.all()).filter(
        created_at__date__gte=since, moved_out_on__isnull=True
    )


def missing_id_number(*, user) -> QuerySet:
    """Current residents the user may change whose 身份证号 is not yet recorded (the workbench)."""
    return policy.visible(user, rules.CHANGE_PERSON, Person.objects.all()).filter(
        id_number_hash="", moved_out_on__isnull=True
    )


def without_id_number(rows: QuerySet) -> QuerySet:
    """Narrow a ledger list to residents whose 身份证号 is not recorded yet."""
    return rows.filter(id_number_hash="")
