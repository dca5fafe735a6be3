"""Pages for bodies and their seats (支部班子, 业委会/物管会/监事会, property guidance) and for 共建
agreements with their commitments and records. Personal mobiles are masked; office numbers are public."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.masking import mask_mobile
from linli.places.choices import PlaceLevel

from . import selectors, services
from .choices import BodyKind
from .entry_views import apply, form_page
from .forms import AgreementForm, BodyForm, RecordForm, SeatEndForm, SeatForm
from .models import Agreement, Body, Membership
from .rules import MANAGE_BODY, MANAGE_COBUILDING, RECORD_ACTIVITY, VIEW_PARTY
from .services.bodies import place_level_for


def shown_phone(seat: Membership) -> str:
    """What a page shows of a seat's phone: office numbers in full, mobiles masked."""
    return seat.phone if seat.phone_is_office else mask_mobile(seat.phone)


def body_context(request, body: Body) -> dict:
    """The body page's context, shared with the owners app's page for owners' bodies."""
    today = selectors.current_seat_q()
    seats = list(body.seats.all())
    current_ids = set(body.seats.filter(today).values_list("pk", flat=True))
    for seat in seats:
        seat.shown_phone = shown_phone(seat)
        seat.current = seat.pk in current_ids
    may_manage = policy.may(request.user, MANAGE_BODY, body)
    return {
        "body": body,
        "seats": [s for s in seats if s.current],
        "former": [s for s in seats if not s.current],
        "may_manage": may_manage,
        "seat_form": SeatForm(branch=body.kind == BodyKind.BRANCH) if may_manage else None,
        "end_form": SeatEndForm(),
        "events": body.events.all()[:30],
    }


@login_required
def body_detail(request, pk: int):
    body = policy.get_visible_or_404(
        request.user, VIEW_PARTY, selectors.bodies_visible_to(user=request.user), pk=pk
    )
    return render(request, "party/body.html", body_context(request, body))


@login_required
def body_new(request, kind: str):
    if kind not in BodyKind.values:
        raise Http404
    policy.require(request.user, MANAGE_BODY)
    level = place_level_for(kind)
    places = list(selectors.places_for(user=request.user, permission=MANAGE_BODY, level=level))
    form = BodyForm(request.POST or None, places=places, initial={"place": request.GET.get("place", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body = apply(
            form,
            services.body_create,
            actor=request.user,
            kind=kind,
            place=next(p for p in places if p.code == data["place"]),
            **{k: data[k] for k in ("name", "formed_on", "term_start", "term_end", "office_phone")},
        )
        if body:
            messages.success(request, f"已登记{body.name}，请继续添加成员")
            return redirect("party:body", pk=body.pk)
    label = BodyKind(kind).label
    hint = "业委会、物管会、监事会每届任期不超过 5 年。" if level == PlaceLevel.COMPOUND else ""
    return form_page(
        request,
        form,
        title=f"登记{label}",
        submit="登记",
        back="/party/" if kind == BodyKind.BRANCH else "/owners/",
        intro=hint,
    )


@login_required
def body_edit(request, pk: int):
    body = policy.get_visible_or_404(request.user, MANAGE_BODY, Body.objects.all(), pk=pk)
    fields = ("name", "formed_on", "term_start", "term_end", "office_phone")
    form = BodyForm(request.POST or None, editing=True, initial={k: getattr(body, k) for k in fields})
    if (
        request.method == "POST"
        and form.is_valid()
        and apply(
            form,
            services.body_update,
            actor=request.user,
            body=body,
            **{k: form.cleaned_data[k] for k in fields},
        )
    ):
        messages.success(request, "已保存")
        return redirect("party:body", pk=body.pk)
    return form_page(
        request,
        form,
        title=f"修改{body.name}",
        submit="保存",
        back=f"/party/body/{pk}/",
        intro="换届时填写新一届的任期。",
    )


@login_required
@require_POST
def seat_add(request, pk: int):
    body = policy.get_visible_or_404(request.user, MANAGE_BODY, Body.objects.all(), pk=pk)
    form = SeatForm(request.POST, branch=body.kind == BodyKind.BRANCH)
    if form.is_valid():
        data = {"seat_kind": "", **form.cleaned_data}
        if apply(form, services.seat_add, actor=request.user, body=body, **data):
            messages.success(request, f"已添加 {data['name']}")
            return redirect("party:body", pk=body.pk)
    context = body_context(request, body)
    context["seat_form"] = form
    return render(request, "party/body.html", context, status=400)


@login_required
@require_POST
def seat_end(request, pk: int):
    seat = policy.get_visible_or_404(
        request.user, MANAGE_BODY, Membership.objects.select_related("body"), pk=pk
    )
    form = SeatEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写离任日期。")
    elif apply(form, services.seat_end, actor=request.user, seat=seat, on=form.cleaned_data["on"]):
        messages.success(request, f"{seat.name}已离任")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("party:body", pk=seat.body_id)


@login_required
def agreement_new(request):
    policy.require(request.user, MANAGE_COBUILDING)
    pairs = selectors.branch_compounds_for(user=request.user, permission=MANAGE_COBUILDING)
    form = AgreementForm(request.POST or None, compounds=pairs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        branch, compound = next((b, c) for b, c in pairs if f"{b.pk}:{c.code}" == data["compound"])
        fields = {k: data[k] for k in ("unit_name", "unit_kind", "signed_on", "commitments")}
        agreement = apply(
            form, services.agreement_create, actor=request.user, branch=branch, compound=compound, **fields
        )
        if agreement:
            messages.success(request, f"已登记与{agreement.unit.name}的共建协议")
            return redirect("party:agreement", pk=agreement.pk)
    return form_page(
        request,
        form,
        title="登记共建协议",
        submit="登记",
        back="/party/",
        intro="“三个一”：每季度一次共建活动、一件实事，每年一次调解。",
    )


def _agreements(request):
    return selectors.agreements_visible_to(user=request.user)


@login_required
def agreement_detail(request, pk: int):
    agreement = policy.get_visible_or_404(request.user, VIEW_PARTY, _agreements(request), pk=pk)
    may_record = policy.may(request.user, RECORD_ACTIVITY, agreement)
    form = RecordForm(request.POST or None) if may_record else None
    if request.method == "POST":
        policy.require(request.user, RECORD_ACTIVITY, agreement)
        if form.is_valid() and apply(
            form, services.cobuilding_record_add, actor=request.user, agreement=agreement, **form.cleaned_data
        ):
            messages.success(request, "已记录")
            return redirect("party:agreement", pk=pk)
    return render(
        request,
        "party/agreement.html",
        {
            "agreement": agreement,
            "records": agreement.records.all(),
            "form": form,
            "may_edit": policy.may(request.user, MANAGE_COBUILDING, agreement),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def agreement_edit(request, pk: int):
    agreement = policy.get_visible_or_404(request.user, MANAGE_COBUILDING, Agreement.objects.all(), pk=pk)
    initial = {"signed_on": agreement.signed_on, "commitments": agreement.commitments}
    form = AgreementForm(request.POST or None, editing=True, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and apply(
            form, services.agreement_update, actor=request.user, agreement=agreement, **form.cleaned_data
        )
    ):
        messages.success(request, "已保存")
        return redirect("party:agreement", pk=pk)
    return form_page(
        request,
        form,
        title=f"修改共建协议 · {agreement.unit.name}",
        submit="保存",
        back=f"/party/agreements/{pk}/",
    )
