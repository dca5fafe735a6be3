"""Helpers for visits tests on top of the places test world.

``Team(world)`` adds a second 楼道 (2单元, two households) to 春晖花园1栋 — "the next 楼道", in the same
building and the same 微网格 — and the people who serve both: the 一长二员 of 1单元, an 信息员 of
2单元, the 微网格员 and 网格员 of 春晖, the branch of 春晖花园, the community desk, and an outsider in
秋实社区.
"""

import base64
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from linli.core.frozen_time import frozen_at
from linli.core.roles import Role
from linli.people.choices import Gender, Relation
from linli.people.models import Person, Tag, TagAssignment
from linli.people.services import tag_add
from linli.places.choices import PlaceLevel
from linli.places.models import Place
from linli.places.tests.factories import user_with_role

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A 1×1 PNG: enough for an upload to be a real image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def photo(name="p.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def at(*args) -> datetime:
    """An aware Asia/Shanghai datetime: at(2026, 5, 12, 10)."""
    return datetime(*args, tzinfo=SHANGHAI)


class Team:
    def __init__(self, world):
        self.world = world
        self.unit1 = world.unit_of(world.compound_a1)
        self.homes1 = list(world.households[world.compound_a1.code])
        building = self.unit1.parent
        self.unit2 = Place.objects.create(
            code=building.code + "02", name="2单元", level=PlaceLevel.UNIT, parent=building
        )
        self.homes2 = []
        for i, room in enumerate(["101", "102"], start=1):
            home = Place.objects.create(
                code=f"{self.unit2.code}{i:04d}",
                name=f"{room}室",
                level=PlaceLevel.HOUSEHOLD,
                parent=self.unit2,
                grid=world.micro_a1,
            )
            Person.objects.create(
                name=f"二单元{i}号", gender=Gender.FEMALE, household=home, relation=Relation.HEAD
            )
            self.homes2.append(home)
        self.leader = user_with_role(Role.STAIRWELL_LEADER, place=self.unit1, name="朱楼道长")
        self.informant = user_with_role(Role.INFORMANT, place=self.unit1, name="胡信息员")
        self.caretaker = user_with_role(Role.CARETAKER, place=self.unit1, name="郭保障员")
        self.informant2 = user_with_role(Role.INFORMANT, place=self.unit2, name="二单元信息员")
        self.micro = user_with_role(Role.MICRO_GRID_WORKER, grid=world.micro_a1, name="黄微网格员")
        self.grid_worker = user_with_role(Role.GRID_WORKER, grid=world.grid_a1, name="赵网格员")
        self.grid_leader = user_with_role(Role.GRID_LEADER, grid=world.grid_a1, name="杨网格长")
        self.branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1, name="吴书记")
        self.property = user_with_role(Role.PROPERTY_STAFF, place=world.compound_a1, name="马物业")
        self.desk = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a, name="陈社工")
        self.secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, name="刘书记")
        self.street = user_with_role(Role.STREET_OFFICIAL, place=world.street, name="张街道")
        self.outsider = user_with_role(Role.COMMUNITY_WORKER, place=world.community_b, name="秋实社工")
        self.resident = user_with_role(Role.RESIDENT, place=self.homes1[0], name="罗居民")

    def elder(self, home=None, name="李奶奶") -> Person:
        """A resident living alone (the first household of 1单元 unless told)."""
        home = home or self.homes1[0]
        return Person.objects.create(name=name, gender=Gender.FEMALE, household=home, relation=Relation.HEAD)


def care_tag(actor, person: Person, code: str, *, since: date, contact_days=None) -> TagAssignment:
    """Tag ``person`` in the ledger (独居老人 = "living_alone", …) as ``actor`` on the day ``since``."""
    with frozen_at(datetime.combine(since, time(9), tzinfo=SHANGHAI)):
        return tag_add(
            actor=actor, tag=Tag.objects.get(code=code), person=person, since=since, contact_days=contact_days
        )
