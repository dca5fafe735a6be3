"""The ledger's services: registering with validated, encrypted identity data, moves that keep history,
tags with dates, edit rights by scope, and the audited, rate-limited reveal of full values."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from linli.audit.models import AccessEntry, Action
from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.core.validators import build_id_number
from linli.people import selectors, services
from linli.people.choices import PersonEventKind, Relation
from linli.people.models import Person, PersonEvent, Residency, Tag, TagAssignment
from linli.places.choices import PlaceLevel
from linli.places.models import Place
from linli.places.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ID_MAN = build_id_number(region="430602", birth_date=date(1958, 3, 7), sequence=123)  # odd: a man
ID_WOMAN = build_id_number(region="430602", birth_date=date(1990, 11, 2), sequence=246)


@pytest.fixture
def cast(world):
    a1 = world.compound_a1
    unit = world.unit_of(a1)
    next_unit = Place.objects.create(
        code=unit.code[:-2] + "02", name="2单元", level=PlaceLevel.UNIT, parent=unit.parent
    )
    next_home = Place.objects.create(
        code=next_unit.code + "0001",
        name="101室",
        level=PlaceLevel.HOUSEHOLD,
        parent=next_unit,
        grid=world.micro_a1,
    )
    return {
        "home": world.households[a1.code][0],
        "home2": world.households[a1.code][1],
        "next_home": next_home,
        "informant": user_with_role(Role.INFORMANT, place=unit),
        "grid_worker": user_with_role(Role.GRID_WORKER, grid=world.grid_a1),
        "community": user_with_role(Role.COMMUNITY_WORKER, place=world.community_a),
        "other_community": user_with_role(Role.COMMUNITY_WORKER, place=world.community_b),
        "world": world,
    }


def test_registering_a_resident_takes_birth_date_and_gender_from_the_id_number(cast):
    person = services.person_create(
        actor=cast["informant"],
        household=cast["home"],
        name="张 三明",
        id_number=ID_MAN,
        mobile="138 1234 5678",
    )
    assert (person.name, person.gender, person.birth_date) == ("张 三明", "M", date(1958, 3, 7))
    assert person.masked_id_number == ID_MAN[:3] + "*" * 11 + ID_MAN[-4:]
    assert person.masked_mobile == "138****5678"
    assert Residency.objects.filter(person=person, moved_out_on__isnull=True).count() == 1
    assert PersonEvent.objects.get(person=person).kind == PersonEventKind.CREATED


def test_identity_data_is_stored_encrypted_and_found_again_by_exact_match(cast):
    person = services.person_create(
        actor=cast["informant"], household=cast["home"], name="李四", id_number=ID_WOMAN, mobile="13912345678"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM people_person WHERE id = %s", [person.pk])
        raw_id, raw_mobile = cursor.fetchone()
    assert raw_id.startswith("v1:") and ID_WOMAN not in raw_id
    assert raw_mobile.startswith("v1:") and "13912345678" not in raw_mobile
    assert Person.objects.get(pk=person.pk).id_number == ID_WOMAN
    found = selectors.ledger(user=cast["community"], text=ID_WOMAN.lower())
    assert list(found) == [person]
    assert list(selectors.ledger(user=cast["community"], text="139-1234-5678")) == [person]
    assert list(selectors.ledger(user=cast["other_community"], text=ID_WOMAN)) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id_number": ID_MAN[:-1] + ("0" if ID_MAN[-1] != "0" else "1")}, "校验码"),
        ({"id_number": ID_MAN, "gender": "F"}, "性别与身份证号不一致"),
        ({"id_number": ID_MAN, "birth_date": date(1958, 3, 8)}, "出生日期与身份证号不一致"),
        ({"id_number": "4.30602E+17"}, "Excel"),
        ({"gender": "M", "mobile": "12345678901"}, "手机号码无效"),
        ({"gender": ""}, "请选择性别"),
    ],
)
def test_invalid_identity_data_is_refused_in_chinese_and_nothing_is_written(cast, fields, message):
    before = Person.objects.count()
    with pytest.raises(DomainError, match=message):
        services.person_create(actor=cast["informant"], household=cast["home"], name="王五", **fields)
    assert Person.objects.count() == before


def test_the_same_id_number_cannot_be_registered_twice(cast):
    services.person_create(actor=cast["informant"], household=cast["home"], name="张三", id_number=ID_MAN)
    with pytest.raises(Conflict, match="已登记"):
        services.person_create(
            actor=cast["community"], household=cast["home2"], name="张三", id_number=ID_MAN
        )


def test_an_informant_edits_their_own_stairwell_only(cast):
    services.person_create(actor=cast["informant"], household=cast["home"], name="赵六", gender="M")
    with pytest.raises(PermissionDenied):
        services.person_create(actor=cast["informant"], household=cast["next_home"], name="赵七", gender="M")
    other = Person.objects.create(name="孙八", gender="F", household=cast["next_home"])
    assert not selectors.person_visible_to(cast["informant"]).filter(pk=other.pk).exists()
    with pytest.raises(PermissionDenied):
        services.person_update(actor=cast["informant"], person=other, name="孙九")
    # The grid worker's grid covers both stairwells.
    assert services.person_update(actor=cast["grid_worker"], person=other, name="孙九") == ["name"]


def test_a_change_is_recorded_with_field_names_but_never_values(cast):
    person = services.person_create(actor=cast["informant"], household=cast["home"], name="周一", gender="F")
    changed = services.person_update(
        actor=cast["informant"], person=person, mobile="13700001111", name="周一一"
    )
    assert set(changed) == {"mobile", "name"}
    event = PersonEvent.objects.filter(person=person, kind=PersonEventKind.CHANGED).get()
    assert "手机号" in event.fields and "13700001111" not in event.fields + event.note
    assert services.person_update(actor=cast["informant"], person=person, name="周一一") == []


def test_moving_keeps_the_history_and_moving_out_keeps_the_record(cast):
    person = services.person_create(actor=cast["community"], household=cast["home"], name="吴二", gender="M")
    today = timezone.localdate()
    services.person_move(actor=cast["community"], person=person, household=cast["next_home"], on=today)
    assert person.household == cast["next_home"]
    services.person_move_out(actor=cast["community"], person=person, on=today, note="随子女外迁")
    stays = Residency.objects.filter(person=person).order_by("id")
    assert [(s.household, s.moved_out_on) for s in stays] == [
        (cast["home"], today),
        (cast["next_home"], today),
    ]
    assert Person.objects.filter(pk=person.pk, moved_out_on=today).exists()
    assert person not in selectors.ledger(user=cast["community"])
    assert person in selectors.ledger(user=cast["community"], status="moved_out")
    assert selectors.household_members_for_user(user=cast["community"], household=cast["next_home"]) == []
    with pytest.raises(Conflict):
        services.person_move_out(actor=cast["community"], person=person, on=today)
    services.person_move(actor=cast["community"], person=person, household=cast["home2"], on=today)
    kinds = list(PersonEvent.objects.filter(person=person).order_by("id").values_list("kind", flat=True))
    assert kinds == ["created", "moved", "moved_out", "moved_in"]


def test_tags_have_dates_and_only_one_is_open_per_person(cast):
    person = services.person_create(
        actor=cast["informant"], household=cast["home"], name="郑老", id_number=ID_MAN, relation=Relation.HEAD
    )
    alone = Tag.objects.get(code="living_alone")
    since = timezone.localdate() - timedelta(days=30)
    tag = services.tag_add(actor=cast["informant"], tag=alone, person=person, since=since)
    with pytest.raises(Conflict):
        services.tag_add(actor=cast["informant"], tag=alone, person=person, since=since)
    assert list(selectors.care_people()) == [person]
    services.tag_end(actor=cast["informant"], assignment=tag, on=timezone.localdate())
    assert list(selectors.care_people(on=timezone.localdate() + timedelta(days=1))) == []
    rented = Tag.objects.get(code="rented")
    home_tag = services.tag_add(actor=cast["informant"], tag=rented, household=cast["home"], since=since)
    assert home_tag.person is None and home_tag.household == cast["home"]
    assert person in selectors.ledger(user=cast["community"], tag=rented)
    assert TagAssignment.objects.count() == 2


def test_seeing_full_values_needs_the_permission_a_reason_and_is_audited(cast):
    person = services.person_create(
        actor=cast["informant"], household=cast["home"], name="冯五", id_number=ID_MAN, mobile="13600002222"
    )
    with pytest.raises(PermissionDenied):  # an informant enters data but sees it masked
        services.person_reveal(actor=cast["informant"], person=person, reason="核对信息")
    with pytest.raises(DomainError, match="事由"):
        services.person_reveal(actor=cast["grid_worker"], person=person, reason=" ")
    assert not AccessEntry.objects.exists()
    values = services.person_reveal(actor=cast["grid_worker"], person=person, reason="办理高龄补贴核对")
    assert values == {"id_number": ID_MAN, "mobile": "13600002222"}
    entry = AccessEntry.objects.get()
    assert (entry.actor, entry.role, entry.action) == (cast["grid_worker"], Role.GRID_WORKER, Action.REVEAL)
    assert entry.fields == "身份证号、手机号" and entry.reason == "办理高龄补贴核对"
    assert ID_MAN not in entry.object_label and "冯*" in entry.object_label
    assert entry.place_code == person.household.code


def test_full_views_are_rate_limited_per_hour(cast, settings):
    settings.LINLI_REVEAL_PER_HOUR = 2
    person = services.person_create(
        actor=cast["informant"], household=cast["home"], name="陈六", id_number=ID_MAN
    )
    for _ in range(2):
        services.person_reveal(actor=cast["community"], person=person, reason="核对")
    with pytest.raises(DomainError, match="上限"):
        services.person_reveal(actor=cast["community"], person=person, reason="核对")
    assert AccessEntry.objects.count() == 2
