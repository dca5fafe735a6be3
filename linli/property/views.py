"""Pages of 红色物业: the 红黑榜 and the branch's evaluation form. Thin: selector, service, render."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules, selectors, services
from .credit import CreditPolicy, credit_standing
from .models import EvaluationTemplate


@login_required
def board(request):
    """红黑榜: companies in scope ranked by credit score; red = AAA/AA, black = C or blacklisted."""
    policy.require(request.user, rules.VIEW_PROPERTY)
    ranked = selectors.credit_board(user=request.user)
    credit_policy = CreditPolicy.from_settings()
    return render(
        request,
        "property/board.html",
        {
            "ranked": ranked,
            "red": [r for r in ranked if r.standing.grade in ("AAA", "AA")],
            "black": [r for r in ranked if r.standing.grade in ("C", "黑名单")],
            "policy": credit_policy,
            "evaluable": policy.visible(
                request.user,
                rules.EVALUATE_PROPERTY,
                Place.objects.filter(level=PlaceLevel.COMPOUND, property_contracts__isnull=False),
            ).distinct(),
        },
    )


@login_required
def evaluate(request, code: str):
    """The branch secretary evaluates the company serving their 小区 for the current quarter."""
    compound = policy.get_visible_or_404(
        request.user,
        rules.EVALUATE_PROPERTY,
        Place.objects.filter(level=PlaceLevel.COMPOUND),
        code=code,
    )
    today = timezone.localdate()
    contract = services.contract_on(compound=compound, on=today)
    if contract is None:
        raise Http404
    template = EvaluationTemplate.objects.filter(active=True).prefetch_related("items").first()
    items = list(template.items.all()) if template else []
    period = services.current_period(today)
    error = ""
    if request.method == "POST":
        try:
            scores = {i.pk: Decimal(request.POST.get(f"item_{i.pk}", "")) for i in items}
            satisfaction = Decimal(request.POST.get("satisfaction", ""))
        except InvalidOperation:
            error = "请为每一项和群众满意率填写0到100之间的数字。"
        else:
            try:
                evaluation = services.evaluation_submit(
                    actor=request.user,
                    compound=compound,
                    period=period,
                    scores=scores,
                    satisfaction=satisfaction,
                    note=request.POST.get("note", ""),
                    on=today,
                )
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(request, f"已提交{period}评价，综合得分{evaluation.total}。")
                return redirect("property:board")
    return render(
        request,
        "property/evaluate.html",
        {
            "compound": compound,
            "company": contract.company,
            "items": items,
            "period": period,
            "error": error,
            "values": request.POST,
        },
        status=400 if error else 200,
    )


@login_required
def company_detail(request, pk: int):
    """A company's contracts and credit file: entries, reversals greyed, score and grade explained."""
    company = selectors.company_get_for_user(user=request.user, pk=pk)
    entries = list(company.credit_entries.select_related("reverses"))
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
    today = timezone.localdate()
    credit_policy = CreditPolicy.from_settings()
    return render(
        request,
        "property/company_detail.html",
        {
            "company": company,
            "contracts": company.contracts.select_related("compound"),
            "entries": entries,
            "reversed_ids": reversed_ids,
            "today": today,
            "standing": credit_standing(entries, on=today, policy=credit_policy),
            "policy": credit_policy,
        },
    )
