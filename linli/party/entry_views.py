"""Data-entry pages for organisations, members (流动党员), transfers and activities: parse the form, fetch
through selectors (out of scope: 404), call one service, show its Chinese error on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel

from . import selectors, services
from .choices import OrgLevel
from .forms import ActivityForm, MemberForm, OrgForm, ReasonForm, TransferForm
from .models import MemberTransfer, PartyOrg
from .rules import MANAGE_MEMBER, MANAGE_ORG, RECORD_ACTIVITY, VIEW_PARTY
from .services.orgs import PLACE_LEVEL


def apply(form, service, **kwargs):
    """Run ``service``; a DomainError becomes a form error (on its field when the form has it)."""
    try:
        return service(**kwargs)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def form_page(request, form, *, title: str, submit: str, back: str, intro: str = ""):
    return render(
        request,
        "party/form.html",
        {"form": form, "title": title, "submit": submit, "back": back, "intro": intro},
    )


def _by_code(places, codes):
    wanted = set(codes)
    return [p for p in places if p.code in wanted]


@login_required
def org_new(request):
    policy.require(request.user, MANAGE_ORG)
    raw = request.POST.get("level") or request.GET.get("level") or ""
    level = int(raw) if raw.isdigit() and int(raw) in OrgLevel.values else OrgLevel.BRANCH
    places = list(selectors.places_for(user=request.user, permission=MANAGE_ORG, level=PLACE_LEVEL[level]))
    parents = selectors.orgs_visible_to(user=request.user).filter(level=level - 1)
    form = OrgForm(request.POST or None, parents=parents, places=places, initial={"level": level})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = parents.filter(pk=data["parent"]).first() if data["parent"] else None
        org = apply(
            form,
            services.org_create,
            actor=request.user,
            name=data["name"],
            level=data["level"],
            parent=parent,
            covers=_by_code(places, data["covers"]),
            org_type=data["org_type"],
        )
        if org:
            messages.success(request, f"已建立{org.name}")
            return redirect("party:branch", pk=org.pk)
    return form_page(
        request,
        form,
        title=f"建立{OrgLevel(level).label}",
        submit="建立",
        back="/party/",
        intro="覆盖多个小区的党支部按“联合组建”登记。换层级请在地址中选择：" + "、".join(OrgLevel.labels),
    )


@login_required
def org_edit(request, pk: int):
    org = policy.get_visible_or_404(request.user, MANAGE_ORG, PartyOrg.objects.all(), pk=pk)
    places = list(
        selectors.places_for(user=request.user, permission=MANAGE_ORG, level=PLACE_LEVEL[org.level])
    )
    initial = {"name": org.name, "org_type": org.org_type, "covers": [p.code for p in org.covers.all()]}
    form = OrgForm(request.POST or None, places=places, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = apply(
            form,
            services.org_update,
            actor=request.user,
            org=org,
            name=data["name"],
            org_type=data["org_type"],
            covers=_by_code(places, data["covers"]),
        )
        if done:
            messages.success(request, "已保存")
            return redirect("party:branch", pk=org.pk)
    return form_page(request, form, title=f"修改{org.name}", submit="保存", back=f"/party/org/{org.pk}/")


@login_required
def member_new(request):
    policy.require(request.user, MANAGE_MEMBER)
    homes = list(selectors.places_for(user=request.user, permission=MANAGE_MEMBER, level=PlaceLevel.COMPOUND))
    orgs = selectors.orgs_visible_to(user=request.user)
    form = MemberForm(request.POST or None, homes=homes, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = apply(
            form,
            services.member_create,
            actor=request.user,
            name=data["name"],
            status=data["status"],
            home=next(p for p in homes if p.code == data["home"]),
            held_at=orgs.filter(pk=data["held_at"]).first() if data["held_at"] else None,
            held_elsewhere=data["held_elsewhere"],
            floating_where=data["floating_where"],
            floating_since=data["floating_since"],
        )
        if member:
            messages.success(request, f"已登记党员 {member.name}")
            return redirect("party:member", pk=member.pk)
    return form_page(request, form, title="登记党员", submit="登记", back="/party/members/")


@login_required
def member_edit(request, pk: int):
    member = policy.get_visible_or_404(
        request.user, MANAGE_MEMBER, selectors.members_visible_to(user=request.user), pk=pk
    )
    initial = {
        "name": member.name,
        "status": member.status,
        "floating_where": member.floating_where,
        "floating_since": member.floating_since,
    }
    form = MemberForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("name", "status", "floating_where", "floating_since")}
        if apply(form, services.member_update, actor=request.user, member=member, **fields):
            messages.success(request, "已保存")
            return redirect("party:member", pk=member.pk)
    return form_page(
        request, form, title=f"修改党员 {member.name}", submit="保存", back=f"/party/members/{pk}/"
    )


@login_required
def transfer_new(request, pk: int):
    member = policy.get_visible_or_404(
        request.user, VIEW_PARTY, selectors.members_visible_to(user=request.user), pk=pk
    )
    if not selectors.may_transfer(user=request.user, member=member):
        raise PermissionDenied
    targets = selectors.transfer_targets()
    form = TransferForm(request.POST or None, orgs=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_request(
                actor=request.user,
                member=member,
                to_org=targets.filter(pk=data["to_org"]).first() if data["to_org"] else None,
                to_external=data["to_external"],
                from_external=data["from_external"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"已办理：{transfer.from_label} → {transfer.to_label}（{transfer.get_status_display()}）",
            )
            return redirect("party:member", pk=member.pk)
    held = member.held_at.name if member.held_at_id else (member.held_elsewhere or "未登记")
    return form_page(
        request,
        form,
        title=f"组织关系转接 · {member.name}",
        submit="办理转接",
        back=f"/party/members/{pk}/",
        intro=f"现组织关系所在：{held}。转入平台内组织需对方接收；转入平台外组织即时办结。",
    )


def _transfer(request, pk: int) -> MemberTransfer:
    return policy.get_visible_or_404(
        request.user, VIEW_PARTY, selectors.transfers_visible_to(user=request.user), pk=pk
    )


@login_required
@require_POST
def transfer_accept(request, pk: int):
    transfer = _transfer(request, pk)
    try:
        services.transfer_accept(actor=request.user, transfer=transfer)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已接收 {transfer.member.name} 的组织关系")
    return redirect("party:transfers")


@login_required
@require_POST
def transfer_reject(request, pk: int):
    transfer = _transfer(request, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写退回原因。", field="reason")
        services.transfer_reject(actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已退回")
    return redirect("party:transfers")


@login_required
def transfers(request):
    policy.require(request.user, VIEW_PARTY)
    return render(
        request,
        "party/transfers.html",
        {
            "incoming": selectors.transfers_to_receive(user=request.user),
            "recent": selectors.transfers_visible_to(user=request.user)[:100],
        },
    )


@login_required
def activity_new(request, pk: int):
    org = policy.get_visible_or_404(
        request.user, RECORD_ACTIVITY, selectors.orgs_visible_to(user=request.user), pk=pk
    )
    members = selectors.members_visible_to(user=request.user).filter(home__in=org.covers.all())
    form = ActivityForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = members.filter(pk=data["member"]).first() if data["member"] else None
        fields = {k: data[k] for k in ("kind", "title", "held_on")}
        if apply(form, services.activity_record, actor=request.user, org=org, member=member, **fields):
            messages.success(request, "已记录")
            return redirect("party:branch", pk=org.pk)
    return form_page(request, form, title=f"记录活动 · {org.name}", submit="记录", back=f"/party/org/{pk}/")
