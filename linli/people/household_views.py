"""The household page (members now and before, 出租房/群租房 tags, 喜事丧事, 登记新居民) and the
四必掌握 lists per 楼道/网格/小区."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import GridNode

from . import rules, selectors, services
from .choices import TagTarget
from .forms import OccasionForm, PersonForm, TagEndForm, TagForm, put_error


def _household_page(request, household, *, status: int = 200, opened: str = "", **forms):
    may_change = policy.may(request.user, rules.CHANGE_PERSON, household)
    context = {
        "household": household,
        "residents": selectors.household_residents(user=request.user, household=household),
        "household_tags": selectors.household_tags(household),
        "occasions": selectors.occasions_of(household),
        "may_change": may_change,
        "opened": opened,
    }
    if may_change:
        context.update(
            person_form=forms.get("person_form") or PersonForm(),
            occasion_form=forms.get("occasion_form") or OccasionForm(),
            tag_form=forms.get("tag_form") or TagForm(target=TagTarget.HOUSEHOLD),
            tag_end_form=TagEndForm(),
        )
    return render(request, "people/household.html", context, status=status)


def _household(request, code: str):
    return selectors.household_for(user=request.user, code=code)


@login_required
def household_detail(request, code: str):
    return _household_page(request, _household(request, code))


@login_required
@require_POST
def person_register(request, code: str):
    """登记新居民 in this household."""
    household = _household(request, code)
    form = PersonForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            person = services.person_create(actor=request.user, household=household, **form.changes())
        except DomainError as exc:
            status = put_error(form, exc)
        else:
            messages.success(request, f"已登记居民 {person.name}。")
            return redirect("people:person", pk=person.pk)
    return _household_page(request, household, status=status, opened="register", person_form=form)


@login_required
@require_POST
def occasion_record(request, code: str):
    household = _household(request, code)
    form = OccasionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            occasion = services.occasion_record(actor=request.user, household=household, **form.cleaned_data)
        except DomainError as exc:
            status = put_error(form, exc)
        else:
            messages.success(request, f"已记录{occasion.get_kind_display()}：{occasion.title}。")
            return redirect("people:household", code=household.code)
    return _household_page(request, household, status=status, opened="occasion", occasion_form=form)


@login_required
@require_POST
def household_tag_add(request, code: str):
    household = _household(request, code)
    form = TagForm(request.POST, target=TagTarget.HOUSEHOLD)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tag_add(
                actor=request.user,
                tag=data["tag"],
                household=household,
                since=data["since"],
                note=data["note"],
            )
        except DomainError as exc:
            status = put_error(form, exc)
        else:
            messages.success(request, f"已标注“{data['tag'].name}”。")
            return redirect("people:household", code=household.code)
    return _household_page(request, household, status=status, opened="tag", tag_form=form)


@login_required
def four_musts(request):
    """四必掌握: pick a 楼道(单元)/小区 or a 网格 within scope; four lists for it."""
    policy.require(request.user, rules.VIEW_PERSON)
    places = [
        p
        for p in selectors.ledger_places(user=request.user)
        if p.level in (PlaceLevel.COMPOUND, PlaceLevel.UNIT)
    ]
    grids = list(
        policy.visible(request.user, rules.VIEW_PERSON, GridNode.objects.all()).order_by("code")[:300]
    )
    place_code, grid_code = request.GET.get("place", "").strip(), request.GET.get("grid", "").strip()
    where, lists = None, None
    if grid_code:
        where = policy.get_visible_or_404(
            request.user, rules.VIEW_PERSON, GridNode.objects.all(), code=grid_code
        )
        lists = selectors.four_musts_in_grid(user=request.user, grid=where)
    elif place_code or places:
        where = selectors.place_for_ledger(user=request.user, code=place_code) if place_code else places[0]
        lists = selectors.four_musts(user=request.user, under=where)
    return render(
        request,
        "people/four_musts.html",
        {
            "places": places,
            "grids": grids,
            "where": where,
            "place_code": where.code if where is not None and not grid_code else "",
            "grid_code": grid_code,
            "lists": lists,
        },
    )
