"""The 红黑榜 and the branch secretary's evaluation form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.core import uscc
from linli.core.roles import Role
from linli.places.tests.factories import PASSWORD, user_with_role
from linli.property import services
from linli.property.models import CreditEntry, Evaluation, EvaluationTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(world):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    company = services.company_register(
        actor=secretary, name="春晖物业", uscc_code=uscc.make("91", "430699", "MA4L0002")
    )
    today = timezone.localdate()
    services.contract_sign(
        actor=secretary,
        company=company,
        compound=world.compound_a1,
        start=today - dt.timedelta(days=100),
        end=today + dt.timedelta(days=700),
        service_level="2",
        fee_standard="1.20",
    )
    services.credit_entry_add(actor=secretary, company=company, kind="basic", points=78, reason="基础分")
    return company


def login(client, role, place):
    user = user_with_role(role, place=place)
    client.login(username=user.phone, password=PASSWORD)
    return user


def test_board_shows_score_and_grade_with_the_formula(client, world, company):
    login(client, Role.COMMUNITY_WORKER, world.community_a)
    page = client.get(reverse("property:board")).content.decode()
    assert "春晖物业" in page and "78.00" in page and "信用分 = 基础分" in page
    assert ">A<" in page


def test_branch_secretary_evaluation_moves_the_company_up_the_board(client, world, company):
    login(client, Role.BRANCH_SECRETARY, world.compound_a1)
    url = reverse("property:evaluate", args=[world.compound_a1.code])
    page = client.get(url).content.decode()
    assert "春晖物业" in page and "党建引领与配合" in page
    data = {f"item_{i.pk}": "95" for i in EvaluationTemplate.objects.get(active=True).items.all()}
    response = client.post(url, {**data, "satisfaction": "92"})
    assert response.status_code == 302
    board = client.get(reverse("property:board")).content.decode()
    assert "83.00" in board and ">AA<" in board


def test_branch_secretary_of_another_compound_gets_404(client, world, company):
    login(client, Role.BRANCH_SECRETARY, world.compound_b1)
    url = reverse("property:evaluate", args=[world.compound_a1.code])
    assert client.get(url).status_code == 404
    data = {f"item_{i.pk}": "95" for i in EvaluationTemplate.objects.get(active=True).items.all()}
    assert client.post(url, {**data, "satisfaction": "92"}).status_code == 404
    assert not Evaluation.objects.exists()
    assert CreditEntry.objects.count() == 1
    assert "春晖物业" not in client.get(reverse("property:board")).content.decode()


def test_company_page_shows_the_credit_file_with_reversals_and_the_formula(client, world, company):
    worker = login(client, Role.COMMUNITY_WORKER, world.community_a)
    bad = services.credit_entry_add(
        actor=worker, company=company, kind="bad", points=5, reason="垃圾清运不及时"
    )
    services.credit_entry_reverse(actor=worker, entry=bad, reason="复核撤销", on=timezone.localdate())
    page = client.get(reverse("property:company", args=[company.pk])).content.decode()
    assert "垃圾清运不及时（已撤销）" in page and "撤销 #" in page
    assert "= 78.00" in page and '信用等级 <span class="grade">A</span>' in page
    login(client, Role.COMMUNITY_WORKER, world.community_b)
    assert client.get(reverse("property:company", args=[company.pk])).status_code == 404
