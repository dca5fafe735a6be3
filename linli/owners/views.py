"""Owners' self-governance pages: bodies and their terms, candidate review by the party organisation,
and the three levels of property guidance. Thin: selectors fetch (out of scope: 404), one service acts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.party.body_views import body_context
from linli.party.choices import OWNERS_BODIES, BodyKind
from linli.party.rules import MANAGE_BODY
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import candidates, selectors
from .forms import CandidateForm, RejectForm, TalkForm
from .models import CandidateStatus
from .rules import PROPOSE_CANDIDATE, REVIEW_CANDIDATE, VIEW_OWNERS


def _roots(user):
    scope = policy.scope_for(user, VIEW_OWNERS)
    if scope.everything:
        return list(Place.objects.filter(level=PlaceLevel.STREET))
    return list(Place.objects.filter(code__in=scope.place_codes))


@login_required
def overview(request):
    policy.require(request.user, VIEW_OWNERS)
    today = timezone.localdate()
    bodies = selectors.bodies_visible_to(user=request.user)
    due_ids = set(selectors.bodies_due(today=today).values_list("pk", flat=True))
    return render(
        request,
        "owners/overview.html",
        {
            "bodies": bodies,
            "due_ids": due_ids,
            "days": selectors.reminder_days(),
            "coverage": [(p, selectors.build_coverage(code=p.code)) for p in _roots(request.user)],
            "pending": selectors.candidates_visible_to(user=request.user)
            .filter(status=CandidateStatus.PENDING)
            .count(),
            "may_add": policy.may(request.user, MANAGE_BODY),
            "kinds": [(k, BodyKind(k).label) for k in OWNERS_BODIES],
        },
    )


@login_required
def body_detail(request, pk: int):
    body = selectors.body_get_for_user(user=request.user, pk=pk)
    context = body_context(request, body)
    context["candidates"] = body.candidate_reviews.all()
    return render(request, "party/body.html", context)


@login_required
def guidance(request):
    policy.require(request.user, VIEW_OWNERS)
    return render(
        request,
        "owners/guidance.html",
        {
            "bodies": selectors.guidance_visible_to(user=request.user),
            "may_add": policy.may(request.user, MANAGE_BODY),
            "kinds": [(k, BodyKind(k).label) for k in selectors.GUIDANCE_BODIES],
        },
    )


@login_required
def candidate_list(request):
    policy.require(request.user, VIEW_OWNERS)
    qs = selectors.candidates_visible_to(user=request.user)
    return render(
        request,
        "owners/candidates.html",
        {
            "pending": qs.filter(status=CandidateStatus.PENDING),
            "decided": qs.exclude(status=CandidateStatus.PENDING)[:100],
            "may_propose": policy.may(request.user, PROPOSE_CANDIDATE),
        },
    )


@login_required
def candidate_new(request):
    policy.require(request.user, PROPOSE_CANDIDATE)
    bodies = policy.visible(request.user, PROPOSE_CANDIDATE, selectors.bodies_visible_to(user=request.user))
    form = CandidateForm(request.POST or None, bodies=bodies, initial={"body": request.GET.get("body")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = candidates.candidate_propose(
                actor=request.user,
                body=bodies.get(pk=data["body"]),
                name=data["name"],
                is_party_member=data["is_party_member"],
                intro=data["intro"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已推荐 {review.name}，等待党组织审查")
            return redirect("owners:candidate", pk=review.pk)
    return render(
        request,
        "party/form.html",
        {
            "form": form,
            "title": "推荐候选人",
            "submit": "提交党组织审查",
            "back": "/owners/candidates/",
            "intro": "业委会（物管会、监事会）候选人须经党组织资格审查，通过后进行任前谈话。",
        },
    )


def _review(request, pk: int):
    return policy.get_visible_or_404(
        request.user, VIEW_OWNERS, selectors.candidates_visible_to(user=request.user), pk=pk
    )


@login_required
def candidate_detail(request, pk: int):
    review = _review(request, pk)
    may_review = policy.may(request.user, REVIEW_CANDIDATE, review)
    return render(
        request,
        "owners/candidate.html",
        {
            "review": review,
            "events": review.events.select_related("actor"),
            "may_review": may_review and review.status == CandidateStatus.PENDING,
            "may_talk": may_review and review.status == CandidateStatus.APPROVED,
            "reject_form": RejectForm(),
            "talk_form": TalkForm(initial={"talk_on": review.talk_on, "talk_note": review.talk_note}),
        },
    )


def _act(request, pk: int, action, ok: str, **kwargs):
    review = _review(request, pk)
    try:
        action(actor=request.user, review=review, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("owners:candidate", pk=pk)


@login_required
@require_POST
def candidate_approve(request, pk: int):
    return _act(request, pk, candidates.candidate_approve, "审查通过")


@login_required
@require_POST
def candidate_reject(request, pk: int):
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(request, pk, candidates.candidate_reject, "已记录审查不通过", reason=reason)


@login_required
@require_POST
def candidate_talk(request, pk: int):
    form = TalkForm(request.POST)
    if not form.is_valid():
        _review(request, pk)
        messages.error(request, "请填写谈话日期和谈话记录。")
        return redirect("owners:candidate", pk=pk)
    data = form.cleaned_data
    return _act(
        request,
        pk,
        candidates.candidate_record_talk,
        "已记录任前谈话",
        on=data["talk_on"],
        note=data["talk_note"],
    )
