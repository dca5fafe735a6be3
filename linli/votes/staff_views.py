"""Staff pages: create, open and close polls, enter paper ballots, register 专有部分面积."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.people.models import Person
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules, selectors, services
from .choices import PollStatus
from .forms import PollForm
from .models import ExclusiveArea, Participation

PLACE_CHOICES_LIMIT = 400


def _places_for(user):
    levels = [PlaceLevel.COMPOUND, PlaceLevel.BUILDING]
    return policy.visible(user, rules.MANAGE_POLL, Place.objects.filter(level__in=levels)).select_related(
        "parent"
    )[:PLACE_CHOICES_LIMIT]


@login_required
def poll_new(request):
    policy.require(request.user, rules.MANAGE_POLL)
    places = list(_places_for(request.user))
    form = PollForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = next(p for p in places if p.code == data["place"])
        try:
            poll = services.poll_create(
                actor=request.user,
                place=place,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                matter=data["matter"],
                options=form.option_lines(),
                choice_mode=data["choice_mode"],
                max_choices=data["max_choices"],
                voter_unit=data["voter_unit"],
                secret=data["secret"],
                hide_results=data["hide_results"],
                closes_at=data["closes_at"],
                subject_label=data["subject_label"],
                subject_url=data["subject_url"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "表决已创建（草稿）。核对无误后请点击“开始投票”。")
            return redirect("votes:detail", pk=poll.pk)
    return render(request, "votes/new.html", {"form": form})


def _act(request, pk: int, service, done: str):
    poll = selectors.poll_get_for_user(user=request.user, pk=pk)
    try:
        service(actor=request.user, poll=poll)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("votes:detail", pk=poll.pk)


@login_required
@require_POST
def poll_open(request, pk: int):
    return _act(request, pk, services.poll_open, "已开始投票，表决权名册已固定。")


@login_required
@require_POST
def poll_close(request, pk: int):
    return _act(request, pk, services.poll_close, "投票已结束，结果已生成。")


@login_required
def paper(request, pk: int):
    """录入纸质表决票: pick a voter who has not voted, tick the options, save (recorded with my name)."""
    poll = selectors.poll_get_for_user(user=request.user, pk=pk)
    policy.require(request.user, rules.ENTER_PAPER, poll)
    pending = (
        poll.electors.select_related("household__parent__parent__parent")
        .exclude(Exists(Participation.objects.filter(elector=OuterRef("pk"))))
        .order_by("household__code", "id")
    )
    if request.method == "POST":
        elector = (
            pending.filter(pk=request.POST.get("elector") or 0).first()
            if request.POST.get("elector", "").isdigit()
            else None
        )
        if elector is None:
            messages.error(request, "请选择尚未投票的投票人。")
        else:
            try:
                services.paper_ballot_enter(
                    actor=request.user, poll=poll, elector=elector, option_ids=request.POST.getlist("option")
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, f"已录入 {elector.name or elector.household.display_name} 的纸质表决票。"
                )
                return redirect("votes:paper", pk=poll.pk)
    entered = poll.participations.filter(channel="paper").select_related("cast_by", "elector__household")
    return render(
        request,
        "votes/paper.html",
        {
            "poll": poll,
            "pending": pending if poll.status == PollStatus.OPEN else [],
            "options": list(poll.options.all()),
            "entered": entered.order_by("-cast_at")[:100],
            "result": selectors.poll_result(poll=poll),
        },
    )


@login_required
def areas(request, code: str):
    """专有部分面积 of the owners' households of one 小区, entered or corrected by staff."""
    compound = policy.get_visible_or_404(
        request.user, rules.SET_AREA, Place.objects.filter(level=PlaceLevel.COMPOUND), code=code
    )
    homes = list(
        Place.objects.filter(policy.subtree_q("code", [code]), level=PlaceLevel.HOUSEHOLD)
        .filter(
            Exists(Person.objects.filter(household=OuterRef("pk"), is_owner=True, moved_out_on__isnull=True))
        )
        .select_related("parent__parent__parent")
        .order_by("code")
    )
    current = dict(ExclusiveArea.objects.filter(household__in=homes).values_list("household_id", "area"))
    errors: dict[int, str] = {}
    if request.method == "POST":
        saved = 0
        for home in homes:
            raw = request.POST.get(f"area_{home.pk}", "").strip()
            if not raw or (home.pk in current and raw == str(current[home.pk])):
                continue
            try:
                services.area_set(actor=request.user, household=home, area=raw)
                saved += 1
            except DomainError as exc:
                errors[home.pk] = exc.message
        if not errors:
            messages.success(request, f"已保存 {saved} 户的专有部分面积。")
            return redirect("votes:areas", code=code)
        messages.error(request, f"有 {len(errors)} 户的面积有误，其余已保存。")
        current = dict(ExclusiveArea.objects.filter(household__in=homes).values_list("household_id", "area"))
    rows = [(h, current.get(h.pk), errors.get(h.pk, "")) for h in homes]
    return render(
        request,
        "votes/areas.html",
        {"compound": compound, "rows": rows, "missing": sum(1 for _, a, _ in rows if a is None)},
    )
