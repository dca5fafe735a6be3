from importlib.util import find_spec
from io import StringIO

import pytest
from django.apps import apps
from django.utils import timezone

from linli.accounts import demo as accounts_demo
from linli.core.demo import SCALES, DemoContext
from linli.owners import demo as owners_demo
from linli.owners.selectors import bodies_due
from linli.party import checks, selectors
from linli.party import demo as party_demo
from linli.party.choices import Formation, OrgLevel, Registration
from linli.party.models import Agreement, PartyMember, PartyOrg
from linli.places import demo as places_demo
from linli.places.choices import PlaceLevel
from linli.places.models import Place

pytestmark = pytest.mark.django_db


def test_party_and_owners_demo_builders_are_registered():
    labels = {config.verbose_name for config in apps.get_app_configs()}
    assert {"党组织", "业主自治"} <= labels
    assert all(find_spec(f"linli.{app}.demo") for app in ("party", "owners"))


def test_demo_party_is_varied_and_idempotent():
    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=StringIO())
    steps = [places_demo.build, party_demo.build]
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


def test_demo_adds_transfers_candidates_and_guidance_once():
    from linli.owners.models import CandidateReview, CandidateStatus
    from linli.party.choices import BodyKind, TransferStatus
    from linli.party.models import Body, MemberTransfer

    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=StringIO())
    steps = [places_demo.build, accounts_demo.build, party_demo.build, owners_demo.build]
    for build in steps:
        build(ctx)
    assert sorted(MemberTransfer.objects.values_list("status", flat=True)) == [
        TransferStatus.ACCEPTED,
        TransferStatus.PENDING,
    ]
    assert {c.status for c in CandidateReview.objects.all()} == set(CandidateStatus.values)
    kinds = set(Body.objects.values_list("kind", flat=True))
    assert {BodyKind.STREET_GUIDANCE, BodyKind.COMMUNITY_GUIDANCE, BodyKind.SUPERVISION_GROUP} <= kinds
    assert PartyMember.objects.filter(status="floating", floating_where="").count() == 0
    counts = (MemberTransfer.objects.count(), CandidateReview.objects.count(), Body.objects.count())
    for build in steps[2:]:
        build(ctx)
    assert (MemberTransfer.objects.count(), CandidateReview.objects.count(), Body.objects.count()) == counts
