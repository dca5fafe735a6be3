from io import StringIO

import pytest
from django.utils import timezone

from linli.core.demo import SCALES, DemoContext, builders
from linli.owners.selectors import bodies_due
from linli.party import checks, selectors
from linli.party.choices import Formation, OrgLevel, Registration
from linli.party.models import Agreement, PartyMember, PartyOrg
from linli.places.choices import PlaceLevel
from linli.places.models import Place

pytestmark = pytest.mark.django_db


def test_demo_party_is_varied_and_idempotent():
    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=StringIO())
    wanted = {"地点与网格", "党组织"}
    steps = [build for label, build in builders() if label in wanted]
    assert len(steps) == 2
    for build in steps:
        build(ctx)
    branches = PartyOrg.objects.filter(level=OrgLevel.BRANCH)
    assert branches.filter(formation=Formation.JOINT).count() == 1
    assert PartyOrg.objects.filter(level=OrgLevel.GROUP).exists()
    assert {m.registration for m in PartyMember.objects.all()} == set(Registration.values)
    assert bodies_due(today=timezone.localdate()).count() == 1
    street = Place.objects.get(level=PlaceLevel.STREET)
    cov = selectors.coverage(code=street.code)
    assert 0 < cov.compounds_with_branch < cov.compounds
    results = [selectors.compound_checks(compound=c) for c in Place.objects.filter(level=PlaceLevel.COMPOUND)]
    assert any(r.composition.ok for r in results) and any(not r.composition.ok for r in results)
    table = selectors.three_ones_table(user=None, year=timezone.localdate().year, today=timezone.localdate())
    assert table == []  # nobody logged in sees nothing
    last_year = timezone.localdate().year - 1
    compliance = [
        checks.three_ones(
            records=[(r.kind, r.held_on) for r in a.records.all()], year=last_year, today=timezone.localdate()
        )
        for a in Agreement.objects.all()
    ]
    assert sorted(c.ok for c in compliance) == [False, True]
    n = PartyOrg.objects.count()
    steps[1](ctx)
    assert PartyOrg.objects.count() == n
