from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import selectors, services
from .body_views import shown_phone
from .choices import BodyKind, MemberStatus, OrgLevel, Registration
from .models import Membership
from .rules import MANAGE_BODY, MANAGE_COBUILDING, MANAGE_MEMBER, MANAGE_ORG, RECORD_ACTIVITY, VIEW_PARTY


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
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year
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
            "incoming": selectors.transfers_to_receive(user=user).count(),
            "may_org": policy.may(user, MANAGE_ORG),
            "may_member": policy.may(user, MANAGE_MEMBER),
            "may_cobuild": policy.may(user, MANAGE_COBUILDING),
        },
    )


def _roots(user):
    scope = policy.scope_for(user, VIEW_PARTY)
    if scope.everything:
        return list(Place.objects.filter(level=PlaceLevel.STREET))
    return list(Place.objects.filter(code__in=scope.place_codes))


@login_required
def branch_detail(request, pk: int):
    user = request.user
    org = policy.get_visible_or_404(user, VIEW_PARTY, selectors.orgs_visible_to(user=user), pk=pk)
    bodies = list(
        org.bodies.prefetch_related(Prefetch("seats", Membership.objects.filter(selectors.current_seat_q())))
    )
    for body in bodies:
        for seat in body.seats.all():
            seat.shown_phone = shown_phone(seat)
    return render(
        request,
        "party/branch.html",
        {
            "org": org,
            "bodies": bodies,
            "members": org.registered_members.all(),
            "held": org.held_members.all(),
            "activities": org.activities.all()[:50],
            "agreements": org.agreements.select_related("unit", "compound"),
            "events": org.events.all()[:30],
            "may_edit": policy.may(user, MANAGE_ORG, org),
            "may_body": policy.may(user, MANAGE_BODY, org.place)
            and org.level == OrgLevel.BRANCH
            and not any(b.kind == BodyKind.BRANCH for b in bodies),
            "may_record": policy.may(user, RECORD_ACTIVITY, org),
            "may_cobuild": policy.may(user, MANAGE_COBUILDING, org.place) and org.level == OrgLevel.BRANCH,
        },
    )


@login_required
def member_list(request):
    policy.require(request.user, VIEW_PARTY)
    qs = selectors.members_visible_to(user=request.user).select_related("held_at")
    status = request.GET.get("status", "")
    if status in MemberStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "party/members.html",
        {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "status": status,
            "statuses": MemberStatus.choices,
            "may_add": policy.may(request.user, MANAGE_MEMBER),
        },
    )


@login_required
def member_detail(request, pk: int):
    member = policy.get_visible_or_404(
        request.user,
        VIEW_PARTY,
        selectors.members_visible_to(user=request.user).select_related("held_at"),
        pk=pk,
    )
    return render(
        request,
        "party/member.html",
        {
            "member": member,
            "transfers": member.transfers.select_related("from_org", "to_org", "requested_by", "decided_by"),
            "activities": member.activities.select_related("org")[:30],
            "events": member.events.all()[:30],
            "may_manage": policy.may(request.user, MANAGE_MEMBER, member),
            "may_transfer": selectors.may_transfer(user=request.user, member=member),
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


@login_required
@require_POST
def request_registration(request, pk: int):
    """The branch enters a member's 双报到 request (for members without the app) with the 党支部 covering
    their 小区; it then waits for confirmation like any request."""
    member = policy.get_visible_or_404(
        request.user, MANAGE_MEMBER, selectors.members_visible_to(user=request.user), pk=pk
    )
    branch = member.home.covering_orgs.filter(level=OrgLevel.BRANCH).first()
    if branch is None:
        messages.error(request, f"{member.home.name}尚无党支部，无法报到")
    else:
        try:
            services.registration_request(member=member, branch=branch, actor=request.user)
        except services.RegistrationError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"已登记 {member.name} 向{branch.name}报到的申请，待确认")
    return redirect("party:member", pk=pk)
