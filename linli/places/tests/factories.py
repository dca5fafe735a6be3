"""A small, fully known world for tests: build it with ``make_world()``.

    区 430699 示范区
      街道 430699001 东风街道
        社区 430699001001 春晖社区          总网格 430699001001
          小区 …001001001 春晖花园 (老旧)   一般网格 …001 ← 微网格 …001001 (A 的 3 户)
            1栋 1单元: 101, 102, 201
          小区 …001001002 春晖雅苑 (新建商住) 一般网格 …002 ← 微网格 …002001 (B 的 2 户) + 1 户未划网格
            1栋 1单元: 101, 102, 201
        社区 430699001002 秋实社区          总网格 430699001002
          小区 …001002001 秋实家园          一般网格 …001 ← 微网格 …001001 (3 户)
            1栋 1单元: 101, 102, 201
Each household has two residents.
"""

from dataclasses import dataclass, field
from datetime import date

import factory

from linli.accounts.models import RoleAssignment, User
from linli.people.choices import Gender, Relation
from linli.people.models import Person
from linli.places.choices import CompoundKind, GridLevel, PlaceLevel
from linli.places.models import CompoundProfile, GridNode, Place

PASSWORD = "test-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"139{n:08d}")
    name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


SERVING_SINCE = date(2020, 1, 1)  # test people have served for years, so frozen-time tests see them active


def user_with_role(role, *, place=None, grid=None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, place=place, grid=grid, valid_from=SERVING_SINCE)
    return user


@dataclass
class World:
    district: Place
    street: Place
    community_a: Place
    community_b: Place
    compound_a1: Place
    compound_a2: Place
    compound_b1: Place
    grid_total_a: GridNode
    grid_total_b: GridNode
    grid_a1: GridNode
    grid_a2: GridNode
    grid_b1: GridNode
    micro_a1: GridNode
    micro_a2: GridNode
    micro_b1: GridNode
    households: dict[str, list[Place]] = field(default_factory=dict)

    def unit_of(self, compound: Place) -> Place:
        return Place.objects.get(code=compound.code + "00101")


def _place(code, name, level, parent=None, grid=None):
    return Place.objects.create(code=code, name=name, level=level, parent=parent, grid=grid)


def _grid(code, name, level, community, parent=None):
    return GridNode.objects.create(code=code, name=name, level=level, community=community, parent=parent)


def make_world() -> World:
    district = _place("430699", "示范区", PlaceLevel.DISTRICT)
    street = _place("430699001", "东风街道", PlaceLevel.STREET, district)
    ca = _place("430699001001", "春晖社区", PlaceLevel.COMMUNITY, street)
    cb = _place("430699001002", "秋实社区", PlaceLevel.COMMUNITY, street)
    ta = _grid(ca.code, "春晖社区总网格", GridLevel.TOTAL, ca)
    tb = _grid(cb.code, "秋实社区总网格", GridLevel.TOTAL, cb)
    ga1 = _grid(ca.code + "001", "春晖第一网格", GridLevel.GENERAL, ca, ta)
    ga2 = _grid(ca.code + "002", "春晖第二网格", GridLevel.GENERAL, ca, ta)
    gb1 = _grid(cb.code + "001", "秋实第一网格", GridLevel.GENERAL, cb, tb)
    ma1 = _grid(ga1.code + "001", "春晖1-1微网格", GridLevel.MICRO, ca, ga1)
    ma2 = _grid(ga2.code + "001", "春晖2-1微网格", GridLevel.MICRO, ca, ga2)
    mb1 = _grid(gb1.code + "001", "秋实1-1微网格", GridLevel.MICRO, cb, gb1)
    world = World(
        district,
        street,
        ca,
        cb,
        _place(ca.code + "001", "春晖花园", PlaceLevel.COMPOUND, ca),
        _place(ca.code + "002", "春晖雅苑", PlaceLevel.COMPOUND, ca),
        _place(cb.code + "001", "秋实家园", PlaceLevel.COMPOUND, cb),
        ta,
        tb,
        ga1,
        ga2,
        gb1,
        ma1,
        ma2,
        mb1,
    )
    CompoundProfile.objects.create(
        place=world.compound_a1, kind=CompoundKind.OLD, managed=False, build_year=1992
    )
    CompoundProfile.objects.create(place=world.compound_a2, kind=CompoundKind.NEW_COMMERCIAL, build_year=2015)
    CompoundProfile.objects.create(place=world.compound_b1, kind=CompoundKind.RESETTLEMENT, build_year=2008)
    plan = [
        (world.compound_a1, [ma1, ma1, ma1]),
        (world.compound_a2, [ma2, ma2, None]),
        (world.compound_b1, [mb1] * 3),
    ]
    n = 0
    for compound, grids in plan:
        building = _place(compound.code + "001", "1栋", PlaceLevel.BUILDING, compound)
        unit = _place(building.code + "01", "1单元", PlaceLevel.UNIT, building)
        homes = []
        for i, (room, grid) in enumerate(zip(["101", "102", "201"], grids, strict=True), start=1):
            home = _place(f"{unit.code}{i:04d}", f"{room}室", PlaceLevel.HOUSEHOLD, unit, grid)
            homes.append(home)
            n += 1
            Person.objects.create(
                name=f"居民{n}甲", gender=Gender.MALE, household=home, relation=Relation.HEAD, is_owner=True
            )
            Person.objects.create(
                name=f"居民{n}乙", gender=Gender.FEMALE, household=home, relation=Relation.SPOUSE
            )
        world.households[compound.code] = homes
    return world
