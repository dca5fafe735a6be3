from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import selectors, services
from .choices import Registration
from .rules import VIEW_PARTY


def find_organisation(request, code: str):
    """Public (no login): the 小区's 找组织 card that residents scan on the notice board."""
    compound = get_object_or_404(Place, code=code, level=PlaceLevel.COMPOUND)
    contacts = selectors.find_organisation(compound=compound)
    return render(request, "party/find.html", {"compound": compound, "contacts": contacts})


def _require_view(request):
    if not policy.may(request.user, VIEW_PARTY):
        raise PermissionDenied


@login_required
def overview(request):
    _require_view(request)
    user = request.user
    compounds = list(selectors.compounds_visible_to(user=user))
    today = timezone.localdate()
    year = int(request.GET.get("year") or today.year)
    table = selectors.three_ones_table(user=user, year=year, today=today)
    return render(
        request,
        "party/overview.html",
        {
            "orgs": selectors.orgs_visible_to(user=user),
            "checks": [selectors.compound_checks(compound=c) for c in compounds],
            "coverage": [(c, selectors.coverage(code=c.code)) for c in _roots(user)],
            "pending": selectors.members_visible_to(user=user).filter(registration=Registration.REQUESTED),
            "three_ones": table,
            "laggards": [(a, t) for a, t in table if not t.ok],
            "year": year,
        },
    )


def _roots(user):
    scope = policy.scope_for(user, VIEW_PARTY)
    if scope.everything:
        return list(Place.objects.filter(level=PlaceLevel.STREET))
    return list(Place.objects.filter(code__in=scope.place_codes))


@login_required
def branch_detail(request, pk: int):
    org = policy.get_visible_or_404(
        request.user, VIEW_PARTY, selectors.orgs_visible_to(user=request.user), pk=pk
    )
    return render(
        request,
        "party/branch.html",
        {
            "org": org,
            "bodies": org.bodies.prefetch_related("seats"),
            "members": org.registered_members.all(),
            "activities": org.activities.all()[:50],
        },
    )


@login_required
@require_POST
def confirm_registration(request, pk: int):
    member = policy.get_visible_or_404(
        request.user, VIEW_PARTY, selectors.members_visible_to(user=request.user), pk=pk
    )
    try:
        services.registration_confirm(member=member, actor=request.user)
    except services.RegistrationError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已确认 {member.name} 的双报到")
    return redirect("party:overview")
