"""Helpers to set up appeals for tests on top of the places test world."""

from linli.appeals.choices import Channel, UnitKind
from linli.appeals.models import Category, HandlingUnit
from linli.appeals.services.intake import appeal_submit
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core.roles import Role
from linli.places.tests.factories import UserFactory, user_with_role


def category(code="0102") -> Category:
    return Category.objects.get(code=code)


def property_unit(world, *, members=()) -> HandlingUnit:
    unit = HandlingUnit.objects.create(name="春晖物业", kind=UnitKind.PROPERTY, place=world.compound_a1)
    unit.members.set(members)
    return unit


class Cast:
    """The people of one appeal's life in community A of the test world."""

    def __init__(self, world):
        # Transactional tests (browser, concurrency) flush the data migrations' rows: put the taxonomy back.
        load_default_taxonomy(Category)
        self.world = world
        home = world.households[world.compound_a1.code][0]
        self.home = home
        self.resident = user_with_role(Role.RESIDENT, place=home, name="居民王")
        self.desk = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a, name="社区小陈")
        self.secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, name="刘书记")
        self.street = user_with_role(Role.STREET_OFFICIAL, place=world.street, name="街道张")
        self.handler = user_with_role(Role.PROPERTY_STAFF, place=world.compound_a1, name="物业马")
        self.unit = property_unit(world, members=[self.handler])
        self.outsider = user_with_role(Role.COMMUNITY_WORKER, place=world.community_b, name="秋实社区")
        self.grid_worker = user_with_role(Role.GRID_WORKER, grid=world.grid_a1, name="网格赵")
        self.other_resident = UserFactory(name="邻居")

    def report(self, text="单元门的门禁坏了，外人随便进出，请尽快修好", **kwargs):
        defaults = {"actor": self.resident, "channel": Channel.SELF_SERVICE, "place": self.home}
        defaults.update(kwargs)
        return appeal_submit(text=text, **defaults)
