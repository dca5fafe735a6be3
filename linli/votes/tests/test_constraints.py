"""The database itself refuses a second vote by the same elector and malformed 业主大会 polls."""

import pytest
from django.db import IntegrityError, transaction

from linli.votes.choices import Channel, Matter, PollKind, VoterUnit
from linli.votes.models import Elector, Participation, Poll

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_participation_of_one_elector(world):
    poll = Poll.objects.create(title="加装电梯意向", place=world.compound_a1)
    elector = Elector.objects.create(poll=poll, household=world.households[world.compound_a1.code][0])
    Participation.objects.create(poll=poll, elector=elector, channel=Channel.ONLINE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(poll=poll, elector=elector, channel=Channel.PAPER)
    assert Participation.objects.filter(poll=poll).count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"matter": Matter.MANAGER, "secret": True},  # 业主大会 ballots are signed (记名)
        {"matter": ""},  # no §278 matter
        {"matter": Matter.MANAGER, "voter_unit": VoterUnit.HOUSEHOLD},
    ],
)
def test_database_refuses_a_malformed_owners_assembly_vote(world, fields):
    base = {"voter_unit": VoterUnit.OWNER, "secret": False}
    with pytest.raises(IntegrityError), transaction.atomic():
        Poll.objects.create(
            title="续聘物业", place=world.compound_a1, kind=PollKind.ASSEMBLY, **(base | fields)
        )
    assert not Poll.objects.exists()
