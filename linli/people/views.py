"""The 居民台账 list and the person page with its actions (edit, move, move out, tags, reveal).
Thin: parse, fetch through selectors, call one service, render. Households and 四必掌握 are in
household_views.py.

A 身份证号 or mobile number typed into the search box is sent by POST and answered directly, so it
never appears in a URL (nor in the server's access log); a name search redirects to a plain GET."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from linli.core import policy, validators
from linli.core.exceptions import DomainError

from . import rules, selectors, services
from .choices import ResidenceType
from .forms import MoveForm, MoveOutForm, PersonForm, RevealForm, TagEndForm, TagForm, put_error
from .models import Tag, TagAssignment

STATUSES = [("current", "在住"), ("moved_out", "已迁出"), ("all", "全部")]
PAGE_SIZE = 50


def is_identity_search(text: str) -> bool:
    """Looks like a 身份证号 or mobile number (digits): never put it in a URL."""
    text = validators.normalize_id_number(text or "")
    return len(text) >= 7 and text[:-1].isdigit()


@login_required
@never_cache
def ledger(request):
    policy.require(request.user, rules.VIEW_PERSON)
    source = request.POST if request.method == "POST" else request.GET
    text = source.get("q", "").strip()[:50]
    params = {k: source.get(k, "").strip() for k in ("place", "tag", "type", "status", "missing")}
    if request.method == "POST" and not is_identity_search(text):
        query = {k: v for k, v in {**params, "q": text}.items() if v}
        return redirect(request.path + ("?" + urlencode(query) if query else ""))
    if request.method == "GET" and is_identity_search(text):
        text = ""  # an old or hand-made link: the number is not searched from a URL
    place = selectors.place_for_ledger(user=request.user, code=params["place"]) if params["place"] else None
    tag = Tag.objects.filter(code=params["tag"]).first() if params["tag"] else None
    status = params["status"] if params["status"] in dict(STATUSES) else "current"
    rows = selectors.ledger(
        user=request.user,
        under=place,
        tag=tag,
        residence_type=params["type"],
        status=status,
        text=text,
    ).select_related("household__parent__parent__parent")
    if params["missing"] == "id":
        rows = selectors.without_id_number(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page)
    tags = selectors.active_tags_by_person([p.pk for p in people])
    for person in people:
        person.tag_names = tags.get(person.pk, [])
    keep = {k: v for k, v in params.items() if v}
    if text and not is_identity_search(text):
        keep["q"] = text
    return render(
        request,
        "people/ledger.html",
        {
            "page": page,
            "people": people,
            "places": selectors.ledger_places(user=request.user),
            "tags": selectors.tags(),
            "types": ResidenceType.choices,
            "statuses": STATUSES,
            "params": {**params, "status": status, "q": text},
            "identity_search": is_identity_search(text),
            "keep": urlencode(keep),
            "may_change": policy.may(request.user, rules.CHANGE_PERSON),
        },
    )


def _person_page(request, person, *, status: int = 200, opened: str = "", **forms):
    may_change = policy.may(request.user, rules.CHANGE_PERSON, person)
    context = {
        "person": person,
        "history": selectors.history_of(person),
        "household_tags": selectors.household_tags(person.household),
        "may_change": may_change,
        "may_reveal": policy.may(request.user, rules.REVEAL_PERSON, person),
        "reveal_form": forms.get("reveal_form") or RevealForm(),
        "opened": opened,
    }
    if may_change:
        context.update(
            move_form=forms.get("move_form")
            or MoveForm(households=selectors.move_targets(user=request.user, person=person)),
            move_out_form=forms.get("move_out_form") or MoveOutForm(),
            tag_form=forms.get("tag_form") or TagForm(),
            tag_end_form=TagEndForm(),
        )
    return render(request, "people/person.html", context, status=status)


def _person(request, pk) -> object:
    return selectors.person_for(user=request.user, pk=pk)


@login_required
@never_cache
def person_detail(request, pk: int):
    return _person_page(request, _person(request, pk))


@login_required
@never_cache
def person_edit(request, pk: int):
    person = _person(request, pk)
    if not policy.may(request.user, rules.CHANGE_PERSON, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, editing=True, person=person)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.person_update(actor=request.user, person=person, **form.changes())
        except DomainError as exc:
            status = put_error(form, exc)
        else:
            if changed:
                labels = "、".join(services.LABELS[f] for f in changed)
                messages.success(request, f"已保存：{labels}。")
            else:
                messages.info(request, "没有修改任何信息。")
            return redirect("people:person", pk=person.pk)
    return render(request, "people/person_edit.html", {"person": person, "form": form}, status=status)


@login_required
@require_POST
def person_move(request, pk: int):
    person = _person(request, pk)
    targets = selectors.move_targets(user=request.user, person=person)
    form = MoveForm(request.POST, households=targets)
    status = 400
    if form.is_valid():
        home = next(h for h in targets if h.code == form.cleaned_data["household"])
        try:
            services.person_move(
                actor=request.user,
                person=person,
                household=home,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            status = put_error(form, exc)
        else:
            messages.success(request, f"{person.name} 已迁至 {home.display_name}，原居住记录已保留。")
            return redirect("people:person", pk=person.pk)
    return _person_page(request, person, status=status, opened="move", move_form=form)


@login_required
@require_POST
def person_move_out(request, pk: int):
    person = _person(request, pk)
    form = MoveOutForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.person_move_out(
                actor=request.user, person=person, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            status = put_error(form, exc)
        else:
            messages.success(request, f"已登记 {person.name} 迁出，历史记录保留可查。")
            return redirect("people:person", pk=person.pk)
    return _person_page(request, person, status=status, opened="move_out", move_out_form=form)


@login_required
@require_POST
def tag_add(request, pk: int):
    person = _person(request, pk)
    form = TagForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tag_add(
                actor=request.user, tag=data["tag"], person=person, since=data["since"], note=data["note"]
            )
        except DomainError as exc:
            status = put_error(form, exc)
        else:
            messages.success(request, f"已加标签“{data['tag'].name}”。")
            return redirect("people:person", pk=person.pk)
    return _person_page(request, person, status=status, opened="tag", tag_form=form)


@login_required
@require_POST
def tag_end(request, pk: int):
    """End a tag of a person or of a household (the form posts back to where it was shown)."""
    assignment = get_object_or_404(
        policy.visible(request.user, rules.VIEW_PERSON, TagAssignment.objects.select_related("tag")), pk=pk
    )
    back = (
        redirect("people:person", pk=assignment.person_id)
        if assignment.person_id
        else redirect("people:household", code=assignment.household.code)
    )
    form = TagEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的结束日期。")
        return back
    try:
        services.tag_end(actor=request.user, assignment=assignment, on=form.cleaned_data["until"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"标签“{assignment.tag.name}”已结束。")
    return back


@login_required
@require_POST
@never_cache
def reveal(request, pk: int):
    """查看完整信息: the full values once, in the response (an HTMX partial), never in a URL or log."""
    person = _person(request, pk)
    form = RevealForm(request.POST)
    context = {"person": person, "form": form}
    status = 200
    if not form.is_valid():
        context["error"] = "请填写查看事由。"
        status = 400
    else:
        try:
            context["full"] = services.person_reveal(
                actor=request.user, person=person, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied:
            context["error"] = "您没有查看完整身份证号和手机号的权限。"
            status = 403
        except DomainError as exc:
            context["error"] = exc.message
            status = exc.status_code
    template = "people/_reveal.html" if request.htmx else "people/reveal_page.html"
    return render(request, template, context, status=status)
