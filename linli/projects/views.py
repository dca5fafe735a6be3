"""Thin views for 三张清单: the lists of one 小区 with the match-and-create form, project pages with their
money, milestones, progress and evaluations, and residents' self-organisations with their activities."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.core.masking import mask_name

from . import rules, selectors, services
from .choices import FundingKind, NeedCategory, NeedSource, NeedStatus, OrgKind, ProjectKind, ResourceKind


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _lists_url(code: str) -> str:
    return reverse("projects:lists") + f"?compound={code}"


@login_required
def lists(request):
    policy.require(request.user, rules.VIEW_LISTS)
    compounds = list(selectors.compounds_for(request.user))
    compound = next(
        (c for c in compounds if c.code == request.GET.get("compound")), compounds[0] if compounds else None
    )
    code = compound.code if compound else ""
    needs = selectors.needs_visible_to(request.user).filter(place_code=code).select_related("project")
    resources = list(
        selectors.resources_visible_to(request.user)
        .filter(place_code=code)
        .annotate(n_projects=Count("projects"))
    )
    return render(
        request,
        "projects/lists.html",
        {
            "compounds": compounds,
            "compound": compound,
            "needs": needs,
            "open_needs": needs.filter(status=NeedStatus.OPEN),
            "resources": resources,
            "projects": selectors.projects_visible_to(request.user).filter(place_code=code),
            "may_add_need": policy.may(request.user, rules.ADD_NEED),
            "may_manage": policy.may(request.user, rules.MANAGE)
            and compound is not None
            and policy.scope_for(request.user, rules.MANAGE).covers_place(code),
            "categories": NeedCategory.choices,
            "sources": NeedSource.choices,
            "resource_kinds": ResourceKind.choices,
            "project_kinds": ProjectKind.choices,
        },
    )


def _compound_from(request, permission):
    code = request.POST.get("compound", "")
    return next((c for c in selectors.compounds_for(request.user, permission) if c.code == code), None), code


@login_required
@require_POST
def list_add(request, what: str):
    """Add a need, a resource, or a project (optionally matching an open need with a resource)."""
    user, post = request.user, request.POST
    try:
        if what == "need":
            compound, code = _compound_from(request, rules.ADD_NEED)
            services.need_add(
                actor=user,
                compound=compound,
                title=post.get("title", ""),
                category=post.get("category", ""),
                source=post.get("source", ""),
                description=post.get("description", ""),
            )
            messages.success(request, "需求已加入需求清单。")
        elif what == "resource":
            compound, code = _compound_from(request, rules.MANAGE)
            services.resource_add(
                actor=user,
                compound=compound,
                name=post.get("name", ""),
                kind=post.get("kind", ""),
                provider=post.get("provider", ""),
                description=post.get("description", ""),
            )
            messages.success(request, "资源已加入资源清单。")
        elif what == "project":
            compound, code = _compound_from(request, rules.MANAGE)
            need = (
                selectors.needs_visible_to(user).filter(pk=post.get("need") or 0).first()
                if post.get("need", "").isdigit()
                else None
            )
            resource = (
                selectors.resources_visible_to(user).filter(pk=post.get("resource")).first()
                if post.get("resource", "").isdigit()
                else None
            )
            project = services.project_create(
                actor=user,
                compound=compound,
                need=need,
                resource=resource,
                title=post.get("title", ""),
                kind=post.get("kind", ""),
                budget=post.get("budget", ""),
                description=post.get("description", ""),
                milestones=[(post.get("milestone", ""), _day(post.get("milestone_due")))],
            )
            messages.success(request, f"已立项：{project.title}。")
            return redirect("projects:project", pk=project.pk)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    return redirect(_lists_url(post.get("compound", "")))


@login_required
def project_list(request):
    policy.require(request.user, rules.VIEW_PROJECT)
    return render(
        request, "projects/projects.html", {"projects": selectors.projects_visible_to(request.user)[:200]}
    )


@login_required
def project_detail(request, pk: int):
    user = request.user
    project = selectors.project_get_for_user(user=user, pk=pk)
    contributions = list(project.contributions.all())
    for c in contributions:
        c.shown = mask_name(c.contributor)
    rating, n_ratings = selectors.rating_of(project)
    return render(
        request,
        "projects/project.html",
        {
            "project": project,
            "money": selectors.money_of(project),
            "contributions": contributions,
            "milestones": project.milestones.all(),
            "events": project.events.select_related("actor"),
            "rating": rating,
            "n_ratings": n_ratings,
            "may_manage": project.status != "completed" and policy.may(user, rules.MANAGE, project),
            "may_evaluate": project.status == "completed"
            and policy.may(user, rules.EVALUATE, project)
            and not project.evaluations.filter(resident=user).exists(),
            "funding_kinds": FundingKind.choices,
        },
    )


@login_required
@require_POST
def project_act(request, pk: int, action: str):
    user, post = request.user, request.POST
    project = selectors.project_get_for_user(user=user, pk=pk)
    try:
        if action == "fund":
            services.funding_add(
                actor=user,
                project=project,
                kind=post.get("kind", ""),
                amount=post.get("amount", ""),
                note=post.get("note", ""),
            )
        elif action == "contribute":
            services.contribution_add(
                actor=user,
                project=project,
                contributor=post.get("contributor", ""),
                amount=post.get("amount", ""),
                contributed_on=_day(post.get("on")),
            )
        elif action == "milestone":
            milestone = (
                project.milestones.filter(pk=post.get("milestone") or 0).first()
                if post.get("milestone", "").isdigit()
                else None
            )
            if milestone is None:
                raise DomainError("请选择节点。")
            services.milestone_done(actor=user, milestone=milestone)
        elif action == "progress":
            services.progress_update(
                actor=user, project=project, progress=post.get("progress"), note=post.get("note", "")
            )
        elif action == "complete":
            services.project_complete(actor=user, project=project, result=post.get("result", ""))
        elif action == "evaluate":
            services.project_evaluate(
                actor=user, project=project, score=post.get("score"), comment=post.get("comment", "")
            )
        else:
            raise Http404
        messages.success(request, "已保存。")
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    return redirect("projects:project", pk=project.pk)


@login_required
def org_list(request):
    policy.require(request.user, rules.VIEW_PROJECT)
    may_manage = policy.may(request.user, rules.MANAGE_ORG)
    if request.method == "POST":
        compound, _ = _compound_from(request, rules.MANAGE_ORG)
        try:
            org = services.org_add(
                actor=request.user,
                compound=compound,
                name=request.POST.get("name", ""),
                kind=request.POST.get("kind", ""),
                leader=request.POST.get("leader", ""),
                founded_on=_day(request.POST.get("founded_on")),
                description=request.POST.get("description", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        except PermissionDenied:
            messages.error(request, "您没有执行此操作的权限。")
        else:
            messages.success(request, f"已登记自组织：{org.name}。")
            return redirect("projects:org", pk=org.pk)
    return render(
        request,
        "projects/orgs.html",
        {
            "orgs": selectors.orgs_visible_to(request.user),
            "may_manage": may_manage,
            "kinds": OrgKind.choices,
            "compounds": selectors.compounds_for(request.user, rules.MANAGE_ORG) if may_manage else [],
        },
    )


@login_required
def org_detail(request, pk: int):
    org = selectors.org_get_for_user(user=request.user, pk=pk)
    may_manage = policy.may(request.user, rules.MANAGE_ORG, org)
    if request.method == "POST":
        try:
            services.activity_record(
                actor=request.user,
                org=org,
                title=request.POST.get("title", ""),
                held_on=_day(request.POST.get("held_on")),
                location=request.POST.get("location", ""),
                participants=request.POST.get("participants", "")
                .replace("，", "、")
                .replace(",", "、")
                .split("、"),
                summary=request.POST.get("summary", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        except PermissionDenied:
            messages.error(request, "您没有执行此操作的权限。")
        else:
            messages.success(request, "活动已记录。")
        return redirect("projects:org", pk=org.pk)
    activities = list(selectors.activities_of(org))
    for a in activities:
        a.shown = "、".join(mask_name(p.name) for p in a.participants.all())
    return render(
        request, "projects/org.html", {"org": org, "activities": activities, "may_manage": may_manage}
    )
