"""Demo 物业费 per household: this year's bills for the first managed 小区 of each community (the demo
物业人员 13800000013 works in the first), priced by the 小区's contract (元/㎡/月 × area × 12), about
four in five paid — some in part — by WeChat, Alipay, bank or cash. Skipped when bills exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from linli.core.demo import DemoContext
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .choices import PaymentMethod, PaymentSource
from .models import FeeBill, FeePayment, ServiceContract

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "建国秀英志强丽华海涛桂兰明远晓燕春梅德明凤英红梅国庆玉兰振华淑芬伟平小燕"
METHODS = [PaymentMethod.WECHAT] * 5 + [PaymentMethod.ALIPAY] * 3 + [PaymentMethod.BANK, PaymentMethod.CASH]


def build_fees(ctx: DemoContext, author) -> None:
    if FeeBill.objects.exists():
        return
    contracts = ServiceContract.objects.select_related("compound__parent").order_by("compound__code")
    first_per_community: dict[str, ServiceContract] = {}
    for contract in contracts:
        first_per_community.setdefault(contract.compound.parent.code, contract)
    today = timezone.localdate()
    year = str(today.year)
    rng = ctx.rng
    bills, paid_amounts = [], []
    for contract in first_per_community.values():
        homes = Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=contract.compound.code)
        for home in homes.order_by("code")[:300]:
            area = Decimal(rng.randint(55, 140))
            due = (contract.fee_standard * area * 12).quantize(Decimal("0.01"))
            roll = rng.random()
            paid = due if roll < 0.78 else (due / 2).quantize(Decimal("0.01")) if roll < 0.86 else Decimal(0)
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
            bills.append(
                FeeBill(
                    household=home,
                    compound=contract.compound,
                    period=year,
                    due=due,
                    paid=paid,
                    payer_name=name,
                )
            )
            paid_amounts.append(paid)
        mine = [b for b in bills if b.compound_id == contract.compound_id]
        if mine and all(b.paid >= b.due for b in mine):
            # Every 小区 shows someone still to pay, whatever the random draws (the list is the point).
            bills[-1].paid = paid_amounts[-1] = Decimal(0)
    FeeBill.objects.bulk_create(bills, batch_size=500)
    saved = FeeBill.objects.filter(period=year).order_by("household__code")
    payments = []
    for bill in saved:
        if bill.paid:
            day = dt.date(today.year, 1, 1) + dt.timedelta(
                days=rng.randint(0, max(0, (today - dt.date(today.year, 1, 1)).days))
            )
            payments.append(
                FeePayment(
                    bill=bill,
                    amount=bill.paid,
                    paid_on=day,
                    method=rng.choice(METHODS),
                    receipt_no=f"WY{today.year}{bill.pk:06d}",
                    source=PaymentSource.IMPORT,
                    created_by=author,
                )
            )
    FeePayment.objects.bulk_create(payments, batch_size=500)
    due = sum((b.due for b in bills), Decimal(0))
    paid = sum(paid_amounts, Decimal(0))
    rate = (paid * 100 / due).quantize(Decimal("0.1")) if due else 0
    ctx.say(f"物业费：{len(first_per_community)} 个小区 {len(bills)} 户开单，{year}年度收缴率 {rate}%")
