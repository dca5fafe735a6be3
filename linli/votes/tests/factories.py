"""Polls over the test world (linli.places.tests.factories.make_world): 春晖花园 has three households,
each with an owner (居民n甲) and a spouse (居民n乙)."""

from decimal import Decimal

from linli.core.roles import Role
from linli.people.models import Person
from linli.places.tests.factories import user_with_role
from linli.votes import services
from linli.votes.choices import Matter, PollKind


def staff(world):
    return user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)


def resident(home, *, owner=True, **kwargs):
    """A resident account linked to the owner (or the spouse) of ``home``."""
    person = Person.objects.filter(household=home, is_owner=owner).order_by("id").first()
    user = user_with_role(Role.RESIDENT, place=home, **({"name": person.name} | kwargs))
    person.user = user
    person.save(update_fields=["user"])
    return user


def opinion_poll(world, actor, *, open_=True, **kwargs):
    fields = {"place": world.compound_a1, "title": "楼道加装声控灯", "options": ["赞成", "反对", "无所谓"]}
    poll = services.poll_create(actor=actor, **(fields | kwargs))
    return services.poll_open(actor=actor, poll=poll) if open_ else poll


def assembly_poll(world, actor, *, areas=("90.00", "120.50", "60.25"), matter=Matter.MANAGER, open_=True):
    homes = world.households[world.compound_a1.code]
    for home, area in zip(homes, areas, strict=False):
        services.area_set(actor=actor, household=home, area=Decimal(area))
    poll = services.poll_create(
        actor=actor, place=world.compound_a1, title="续聘春晖物业", kind=PollKind.ASSEMBLY, matter=matter
    )
    return services.poll_open(actor=actor, poll=poll) if open_ else poll
