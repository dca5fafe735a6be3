"""The demo 红色物业: valid codes, contracts for managed 小区, varied grades, idempotent."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from linli.core import uscc
from linli.property.credit import credit_standing
from linli.property.models import (
    CampaignItem,
    CreditEntry,
    FeeBill,
    FeeCollection,
    FeePayment,
    PropertyCompany,
)

pytestmark = pytest.mark.django_db


def test_demo_property_is_varied_valid_and_idempotent():
    call_command("demo", stdout=StringIO())
    companies = list(PropertyCompany.objects.all())
    assert 4 <= len(companies) <= 6
    assert all(uscc.is_valid(c.uscc) for c in companies)
    assert any(not c.has_party_org for c in companies)
    assert CreditEntry.objects.filter(kind="reversal").exists()
    assert FeeCollection.objects.values("period").distinct().count() == 2
    assert CampaignItem.objects.exists()
    grades = {credit_standing(c.credit_entries.all(), on=dt.date.today()).grade for c in companies}
    assert len(grades) >= 3
    from linli.accounts.models import User
    from linli.property.work_selectors import unpaid_households

    staff = User.objects.get(phone="13800000013")
    bill = FeeBill.objects.filter(compound__code=staff.active_assignments()[0].place_code).first()
    assert bill is not None and FeePayment.objects.exists()
    assert unpaid_households(user=staff, compound=bill.compound, period=bill.period)
    counts = (PropertyCompany.objects.count(), CreditEntry.objects.count(), FeeBill.objects.count())
    call_command("demo", stdout=StringIO())
    assert (PropertyCompany.objects.count(), CreditEntry.objects.count(), FeeBill.objects.count()) == counts
