from datetime import datetime
from zoneinfo import ZoneInfo

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role

from ..choices import DisputeType, Origin, PartyRole
from ..services import case_register

TZ = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


class Team:
    """A mediator and the community secretary of 春晖社区, and a mediator of 秋实社区."""

    def __init__(self, world):
        self.world = world
        self.mediator = user_with_role(Role.MEDIATOR, place=world.community_a, name="高德明")
        self.secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
        self.other_mediator = user_with_role(Role.MEDIATOR, place=world.community_b)
        self.street = user_with_role(Role.STREET_OFFICIAL, place=world.street)


def register(team, *, compound=None, origin=Origin.APPLICATION, title="楼上漏水纠纷"):
    return case_register(
        actor=team.mediator,
        compound=compound or team.world.compound_a1,
        title=title,
        dispute_type=DisputeType.NEIGHBOUR,
        origin=origin,
        facts="502 室卫生间漏水，402 室天花板受损，双方就维修费用协商未果。",
        parties=[
            {"role": PartyRole.APPLICANT, "name": "张建明", "phone": "13912345678", "address": "1栋402"},
            {"role": PartyRole.RESPONDENT, "name": "李秀兰", "phone": "", "address": "1栋502"},
        ],
    )
