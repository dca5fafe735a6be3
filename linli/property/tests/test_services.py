"""Property services: registration, contracts, evaluations and the append-only credit file."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from linli.core import uscc
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.property import services
from linli.property.credit import credit_standing
from linli.property.models import CreditEntry, Evaluation, EvaluationTemplate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
CODE = uscc.make("91", "430699", "MA4L0001")


@pytest.fixture
def secretary(world):
    return user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)


@pytest.fixture
def company(world, secretary):
    company = services.company_register(actor=secretary, name="春晖物业", uscc_code=CODE.lower())
    services.contract_sign(
        actor=secretary,
        company=company,
        compound=world.compound_a1,
        start=dt.date(2026, 1, 1),
        end=dt.date(2028, 12, 31),
        service_level="2",
        fee_standard="1.20",
    )
    return company


def all_items(score):
    template = EvaluationTemplate.objects.get(active=True)
    return {item.pk: Decimal(score) for item in template.items.all()}


def test_the_default_template_weights_add_up_to_100():
    template = EvaluationTemplate.objects.get(active=True)
    assert sum(i.weight for i in template.items.all()) == 100
    assert "党建引领与配合" in [i.name for i in template.items.all()]


def test_registration_validates_and_normalises_the_uscc(company, secretary):
    assert company.uscc == CODE
    with pytest.raises(ValidationError, match="第18位校验码错误"):
        services.company_register(
            actor=secretary, name="假物业", uscc_code=CODE[:17] + "0" if CODE[17] != "0" else CODE[:17] + "1"
        )
    with pytest.raises(ValidationError, match="已登记"):
        services.company_register(actor=secretary, name="重复", uscc_code=CODE)


def test_a_compound_has_at_most_one_contract_at_a_time(world, secretary, company):
    with pytest.raises(ValidationError, match="已有物业服务合同"):
        services.contract_sign(
            actor=secretary,
            company=company,
            compound=world.compound_a1,
            start=dt.date(2028, 6, 1),
            end=dt.date(2030, 5, 31),
            service_level="1",
            fee_standard="1.50",
        )


def test_secretary_of_another_community_cannot_sign_a_contract(world, company):
    other = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    with pytest.raises(PermissionDenied):
        services.contract_sign(
            actor=other,
            company=company,
            compound=world.compound_a2,
            start=TODAY,
            end=TODAY,
            service_level="1",
            fee_standard="1",
        )


def test_branch_secretary_evaluation_scores_and_writes_a_good_credit_entry(world, company):
    branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    evaluation = services.evaluation_submit(
        actor=branch,
        compound=world.compound_a1,
        period="2026Q4",
        scores=all_items(95),
        satisfaction=Decimal(90),
        on=TODAY,
    )
    assert evaluation.items_score == Decimal("95.00")
    assert evaluation.total == Decimal("93.50")
    entry = evaluation.credit_entry
    assert (entry.kind, entry.points, entry.valid_until) == (
        "good",
        Decimal(5),
        TODAY + dt.timedelta(days=365),
    )
    with pytest.raises(ValidationError, match="已评价过"):
        services.evaluation_submit(
            actor=branch,
            compound=world.compound_a1,
            period="2026Q4",
            scores=all_items(50),
            satisfaction=Decimal(50),
            on=TODAY,
        )
    assert Evaluation.objects.count() == 1


def test_branch_secretary_cannot_evaluate_another_compounds_company(world, company):
    branch_b = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(
            actor=branch_b,
            compound=world.compound_a1,
            period="2026Q4",
            scores=all_items(50),
            satisfaction=Decimal(50),
            on=TODAY,
        )
    assert not Evaluation.objects.exists()
    assert not CreditEntry.objects.exists()


def test_credit_entries_are_never_edited_only_reversed(company, secretary):
    basic = services.credit_entry_add(
        actor=secretary, company=company, kind="basic", points=75, reason="基础分", valid_from=TODAY
    )
    bad = services.credit_entry_add(
        actor=secretary,
        company=company,
        kind="bad",
        points=10,
        reason="电梯长期停运",
        blacklist=True,
        valid_from=TODAY,
    )
    entries = list(company.credit_entries.all())
    assert credit_standing(entries, on=TODAY).grade == "黑名单"

    bad.points = 1
    with pytest.raises(ValidationError, match="不可修改"):
        bad.save()

    services.credit_entry_reverse(actor=secretary, entry=bad, reason="复核后撤销", on=TODAY)
    with pytest.raises(ValidationError, match="已被撤销"):
        services.credit_entry_reverse(actor=secretary, entry=bad, reason="再次撤销")
    bad.refresh_from_db()
    assert bad.points == 10
    standing = credit_standing(company.credit_entries.all(), on=TODAY + dt.timedelta(days=1))
    assert (standing.score, standing.grade) == (75, "A")
    # a year later the basic entry has expired too
    later = credit_standing(company.credit_entries.all(), on=TODAY + dt.timedelta(days=400))
    assert later.score == 0
    assert basic.pk


def test_basic_points_above_80_are_refused_by_service_and_database(company, secretary):
    with pytest.raises(ValidationError, match="不能超过80"):
        services.credit_entry_add(actor=secretary, company=company, kind="basic", points=81, reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditEntry.objects.create(
            company=company,
            kind="basic",
            points=81,
            reason="x",
            source="manual",
            valid_from=TODAY,
            created_by=secretary,
        )


def test_the_board_ranks_companies_in_scope_and_lists_red_and_black(world, secretary, company):
    from linli.property import selectors

    services.credit_entry_add(
        actor=secretary, company=company, kind="basic", points=80, reason="基础分", valid_from=TODAY
    )
    services.credit_entry_add(
        actor=secretary, company=company, kind="good", points=5, reason="表彰", valid_from=TODAY
    )
    red, black = selectors.red_and_black_lists(user=secretary, on=TODAY)
    assert [(r.company, r.standing.grade) for r in red] == [(company, "AAA")]
    assert black == []
    outsider = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    assert selectors.credit_board(user=outsider, on=TODAY) == []
    branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    assert [r.company for r in selectors.credit_board(user=branch, on=TODAY)] == [company]
