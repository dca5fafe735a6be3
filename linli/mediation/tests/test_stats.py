"""矛盾不出小区: the share of concluded cases settled by agreement at the 小区 level, per community and street."""

from datetime import date
from decimal import Decimal

import pytest

from linli.core.frozen_time import frozen_at
from linli.mediation import services, stats
from linli.mediation.choices import Advice
from linli.mediation.models import MediationCase
from linli.places.choices import PlaceLevel

from .factories import Team, at, register


@pytest.mark.parametrize(
    ("settled", "concluded", "expected"),
    [
        (0, 0, None),
        (0, 3, Decimal("0.0")),
        (2, 3, Decimal("66.7")),
        (1, 3, Decimal("33.3")),
        (1, 8, Decimal("12.5")),
        (3, 3, Decimal("100.0")),
    ],
)
def test_share_is_a_percentage_with_one_decimal(settled, concluded, expected):
    assert stats.share(settled, concluded) == expected


def test_share_refuses_impossible_counts():
    with pytest.raises(ValueError):
        stats.share(4, 3)


@pytest.mark.django_db
def test_counts_per_community_and_street(world):
    team = Team(world)
    with frozen_at(at(2026, 6, 1, 9)):
        settled = services.case_accept(actor=team.mediator, case=register(team))
        services.oral_agreement_record(actor=team.mediator, case=settled, text="和解")
        up = services.case_accept(actor=team.mediator, case=register(team, compound=world.compound_a2))
        up = services.case_escalate(actor=team.mediator, case=up, note="跨小区")
        services.oral_agreement_record(actor=team.mediator, case=up, text="社区调解成功")
        failed = services.case_accept(actor=team.mediator, case=register(team))
        services.case_fail(actor=team.mediator, case=failed, advice=Advice.ARBITRATION, note="告知可申请仲裁")
        refused = register(team)
        services.case_refuse(actor=team.secretary, case=refused, reason="不属于民间纠纷")
        register(team)  # still open: not counted
    rows = stats.by_level(
        MediationCase.objects.all(), level=PlaceLevel.COMMUNITY, start=date(2026, 1, 1), end=date(2027, 1, 1)
    )
    [a] = rows
    assert (a.name, a.concluded, a.resolved, a.settled_in_compound, a.share) == (
        "春晖社区",
        3,
        2,
        1,
        Decimal("33.3"),
    )
    [street] = stats.by_level(
        MediationCase.objects.all(), level=PlaceLevel.STREET, start=date(2026, 1, 1), end=date(2027, 1, 1)
    )
    assert street.name == "东风街道" and street.concluded == 3
    assert (
        stats.by_level(
            MediationCase.objects.all(),
            level=PlaceLevel.COMMUNITY,
            start=date(2027, 1, 1),
            end=date(2028, 1, 1),
        )
        == []
    )
