"""Pages of 物业费收缴: rates per 小区 and community, a 小区's unpaid households (names masked) with the
forms to bill and to record payments, and the sheet import. Thin: selector, service, render."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy, ratelimit
from linli.core.excel import XLSX_CONTENT_TYPE
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import fees, fees_import, periods, rules
from . import work_selectors as ws
from .choices import PaymentMethod
from .models import FeeBill, FeePayment


def _period(request, available: list[str]) -> str:
    raw = request.GET.get("period") or request.POST.get("period") or ""
    try:
        return (
            periods.normalize(raw) if raw else (available[0] if available else str(timezone.localdate().year))
        )
    except periods.PeriodError:
        return available[0] if available else str(timezone.localdate().year)


@login_required
def fee_overview(request):
    """Collection rates per community and 小区 for a period."""
    policy.require(request.user, rules.VIEW_FEES)
    available = ws.fee_periods(user=request.user)
    period = _period(request, available)
    communities, total = ws.fee_rates(user=request.user, period=period)
    return render(
        request,
        "property/fees.html",
        {
            "period": period,
            "period_label": periods.label(period),
            "periods": [(p, periods.label(p)) for p in available],
            "communities": communities,
            "total": total,
            "may_record": policy.may(request.user, rules.RECORD_FEES),
        },
    )


def _compound_page(request, compound: Place, period: str, *, error: str = "", status: int = 200):
    unpaid = ws.unpaid_households(user=request.user, compound=compound, period=period)
    bills = list(
        policy.visible(
            request.user, rules.VIEW_FEES, FeeBill.objects.filter(compound=compound, period=period)
        )
    )
    due = sum((b.due for b in bills), start=0)
    paid = sum((b.paid for b in bills), start=0)
    payments = policy.visible(
        request.user, rules.VIEW_FEES, FeePayment.objects.filter(bill__compound=compound, bill__period=period)
    ).select_related("bill__household__parent__parent")[:20]
    return render(
        request,
        "property/fee_compound.html",
        {
            "compound": compound,
            "period": period,
            "period_label": periods.label(period),
            "unpaid": unpaid,
            "billed": len(bills),
            "due": due,
            "paid": paid,
            "rate": ws.rate_of(paid, due),
            "payments": payments,
            "methods": PaymentMethod.choices,
            "may_record": policy.may(request.user, rules.RECORD_FEES, compound),
            "today": timezone.localdate(),
            "error": error,
            "values": request.POST,
        },
        status=status,
    )


@login_required
def fee_compound(request, code: str):
    compound = ws.fee_compound_get(user=request.user, code=code)
    return _compound_page(request, compound, _period(request, ws.fee_periods(user=request.user)))


@login_required
@require_POST
def fee_pay(request, pk: int):
    """Record a payment against one bill (part payments add up)."""
    bill = ws.fee_bill_get(user=request.user, pk=pk)
    try:
        paid_on = dt.date.fromisoformat(request.POST.get("paid_on") or timezone.localdate().isoformat())
    except ValueError:
        paid_on = None
    try:
        if paid_on is None:
            raise DomainError("缴费日期格式不对。")
        fees.fee_payment_record(
            actor=request.user,
            bill=bill,
            amount=request.POST.get("amount", ""),
            paid_on=paid_on,
            method=request.POST.get("method", ""),
            receipt_no=request.POST.get("receipt_no", ""),
        )
    except DomainError as exc:
        return _compound_page(request, bill.compound, bill.period, error=exc.message, status=400)
    messages.success(
        request, f"已登记缴费。{bill.household.name}{periods.label(bill.period)}还欠 {bill.owed} 元。"
    )
    return redirect(reverse("property:fee-compound", args=[bill.compound.code]) + f"?period={bill.period}")


@login_required
@require_POST
def fee_bill(request, code: str):
    """Bill a household of the 小区 (or change its bill) for a period."""
    compound = ws.fee_compound_get(user=request.user, code=code, permission=rules.RECORD_FEES)
    period = request.POST.get("period", "")
    household = (
        policy.visible(
            request.user,
            rules.RECORD_FEES,
            Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=compound.code),
        )
        .filter(code=request.POST.get("household", "").strip())
        .first()
    )
    try:
        if household is None:
            raise DomainError("没有找到该户，请填写本小区的户编码。")
        bill, outcome = fees.fee_bill_set(
            actor=request.user,
            household=household,
            period=period,
            due=request.POST.get("due", ""),
            payer_name=request.POST.get("payer_name", ""),
        )
    except DomainError as exc:
        return _compound_page(request, compound, _period(request, []), error=exc.message, status=400)
    text = {"created": "已开具账单", "updated": "已调整应收金额", "unchanged": "账单没有变化"}[outcome]
    messages.success(request, f"{text}：{household.name} {periods.label(bill.period)} 应收 {bill.due} 元。")
    return redirect(reverse("property:fee-compound", args=[compound.code]) + f"?period={bill.period}")


@login_required
def fee_sheet(request, code: str):
    """The 小区's 物业费 sheet for a period, prefilled with what is billed and paid (also the template)."""
    compound = ws.fee_compound_get(user=request.user, code=code, permission=rules.RECORD_FEES)
    period = _period(request, [])
    ratelimit.export(request.user)
    out = io.BytesIO()
    fees_import.fee_sheet_write(out, compound=compound, period=period)
    response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'{compound.name}物业费-{period}.xlsx')}"
    )
    return response


@login_required
def fee_import(request):
    """Upload a filled 物业费 sheet; all rows are checked and written only when none has an error."""
    policy.require(request.user, rules.RECORD_FEES)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的文件。"
        else:
            try:
                report = fees_import.fees_import(actor=request.user, source=upload)
            except DomainError as exc:
                error = exc.message
            else:
                return render(
                    request,
                    "property/fee_import_result.html",
                    {"report": report, "errors": report.sorted_errors()[:500], "filename": upload.name},
                    status=200 if report.applied else 400,
                )
    compounds = policy.visible(
        request.user, rules.RECORD_FEES, Place.objects.filter(level=PlaceLevel.COMPOUND)
    ).order_by("code")[:300]
    return render(
        request,
        "property/fee_import.html",
        {
            "error": error,
            "compounds": compounds,
            "period": str(timezone.localdate().year),
            "max_mb": settings.LINLI_IMPORT_MAX_BYTES // (1024 * 1024),
        },
        status=400 if error else 200,
    )
