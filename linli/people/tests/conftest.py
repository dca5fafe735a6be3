from datetime import date

import pytest

from linli.core.roles import Role
from linli.core.validators import build_id_number
from linli.people import services
from linli.places.choices import PlaceLevel
from linli.places.models import Place
from linli.places.tests.factories import user_with_role

ID_A = build_id_number(region="430602", birth_date=date(1958, 3, 7), sequence=123)
ID_B = build_id_number(region="430602", birth_date=date(1990, 11, 2), sequence=246)
MOBILE_A = "13812345678"
MOBILE_B = "13987654321"


@pytest.fixture
def ledger(world):
    """Two 楼道 of 春晖花园 1栋 (the world's 1单元 and a 2单元), a resident with full identity data in
    each, and the people who keep the ledger."""
    unit = world.unit_of(world.compound_a1)
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
    informant = user_with_role(Role.INFORMANT, place=unit, name="胡信息员")
    grid_worker = user_with_role(Role.GRID_WORKER, grid=world.grid_a1, name="赵网格员")
    community = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a, name="陈社工")
    home = world.households[world.compound_a1.code][0]
    zhang = services.person_create(
        actor=community, household=home, name="张三明", id_number=ID_A, mobile=MOBILE_A
    )
    li = services.person_create(
        actor=community, household=next_home, name="李四芳", id_number=ID_B, mobile=MOBILE_B
    )
    return {
        "world": world,
        "unit": unit,
        "next_unit": next_unit,
        "home": home,
        "next_home": next_home,
        "informant": informant,
        "grid_worker": grid_worker,
        "community": community,
        "auditor": user_with_role(Role.AUDITOR, place=world.street, name="钱审计员"),
        "zhang": zhang,
        "li": li,
    }
