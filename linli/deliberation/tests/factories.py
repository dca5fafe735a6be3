"""The people of a deliberation test: residents, the branch, the 业委会, 物业 and community staff of the
test world's 小区 (see linli.places.tests.factories.make_world)."""

from datetime import timedelta

from django.utils import timezone

from linli.core.roles import Role
from linli.people.models import Person
from linli.places.tests.factories import user_with_role

from ..services import topics as svc


class Cast:
    def __init__(self, world):
        self.world = world
        a1, b1 = world.compound_a1, world.compound_b1
        homes = world.households[a1.code]
        self.resident = user_with_role(Role.RESIDENT, place=homes[0], name="张三丰")
        self.neighbour = user_with_role(Role.RESIDENT, place=homes[1], name="李四海")
        self.neighbour2 = user_with_role(Role.RESIDENT, place=homes[2], name="王五岳")
        self.outsider = user_with_role(Role.RESIDENT, place=world.households[b1.code][0], name="赵六")
        self.secretary = user_with_role(Role.BRANCH_SECRETARY, place=a1, name="吴书记")
        self.other_secretary = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a2, name="周书记")
        self.owners = user_with_role(Role.OWNERS_COMMITTEE, place=a1, name="孙主任")
        self.property = user_with_role(Role.PROPERTY_STAFF, place=a1, name="马经理")
        self.desk = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a, name="陈社工")
        self.desk_b = user_with_role(Role.COMMUNITY_WORKER, place=world.community_b, name="郑社工")
        # The residents are the heads of their households in the people ledger (they vote for them).
        for user, home in zip((self.resident, self.neighbour, self.neighbour2), homes, strict=True):
            Person.objects.filter(household=home, is_owner=True).update(user=user)

    def propose(self, *, by=None, title="3栋加装电梯", place=None):
        return svc.topic_propose(
            actor=by or self.resident,
            place=place or self.world.compound_a1,
            title=title,
            description="3栋住着不少老人，上下楼困难，想商量加装电梯。",
            category="lift",
            body="resident",
        )

    def resolved(self, **kwargs):
        """A topic taken through review, needs, opinions and a meeting to a resolution with one item."""
        topic = self.propose(**kwargs)
        svc.topic_approve(actor=self.secretary, topic=topic)
        svc.topic_open(actor=self.secretary, topic=topic)
        svc.topic_send_to_decision(actor=self.secretary, topic=topic, mode="meeting")
        svc.topic_resolve(
            actor=self.secretary,
            topic=topic,
            resolution="同意加装，费用按楼层分摊。",
            consensus=True,
            items=[{"text": "联系电梯公司出方案", "owner": self.property, "deadline": tomorrow()}],
        )
        return topic


def tomorrow():
    return timezone.localdate() + timedelta(days=1)
