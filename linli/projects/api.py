"""JSON API for 三张清单: the lists of a 小区, need → project in one step, project detail, progress,
completion, contributions and residents' evaluation. Errors map to JSON in linli.api."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Router, Schema, Status

from linli.core import policy
from linli.core.api_errors import errors
from linli.core.masking import mask_name

from . import rules, selectors, services

router = Router(tags=["三张清单"])


class NeedIn(Schema):
    compound: str
    title: str
    category: str
    source: str
    description: str = ""


class ProjectFromNeedIn(Schema):
    title: str
    kind: str
    budget: str
    resource: int | None = None
    description: str = ""
    milestones: list[tuple[str, date]] = []


class ProgressIn(Schema):
    progress: int
    note: str = ""


class ResultIn(Schema):
    result: str


class ContributionIn(Schema):
    contributor: str
    amount: str
    contributed_on: date | None = None


class EvaluationIn(Schema):
    score: int
    comment: str = ""


def _compound(user, code: str, permission: str):
    compound = selectors.compounds_for(user, permission).filter(code=code).first()
    if compound is None:
        raise Http404
    return compound


def _project(project) -> dict:
    money = selectors.money_of(project)
    rating, n = selectors.rating_of(project)
    return {
        "id": project.pk,
        "title": project.title,
        "kind": project.kind,
        "status": project.status,
        "compound": project.compound.name,
        "need": project.need_id,
        "resource": project.resource_id,
        "budget": str(money.budget),
        "funded": str(money.funded),
        "crowdfunded": str(money.crowdfunded),
        "contributors": money.contributors,
        "gap": str(money.gap),
        "funding": [{"source": label, "amount": str(a)} for label, a in money.by_kind],
        "owner": project.owner.name,
        "progress": project.progress,
        "result": project.result,
        "milestones": [
            {"title": m.title, "due_on": m.due_on, "done_on": m.done_on} for m in project.milestones.all()
        ],
        "contributions": [
            {"contributor": mask_name(c.contributor), "amount": str(c.amount)}
            for c in project.contributions.all()
        ],
        "rating": str(rating) if rating is not None else None,
        "ratings": n,
    }


@router.get("/lists", response={200: dict, **errors(404, 422)})
def three_lists(request, compound: str):
    c = _compound(request.user, compound, rules.VIEW_LISTS)
    user = request.user
    return {
        "compound": c.name,
        "needs": [
            {"id": n.pk, "title": n.title, "category": n.category, "status": n.status}
            for n in selectors.needs_visible_to(user).filter(compound=c)
        ],
        "resources": [
            {"id": r.pk, "name": r.name, "kind": r.kind, "provider": r.provider}
            for r in selectors.resources_visible_to(user).filter(compound=c)
        ],
        "projects": [
            {
                "id": p.pk,
                "title": p.title,
                "status": p.status,
                "progress": p.progress,
                "budget": str(p.budget),
            }
            for p in selectors.projects_visible_to(user).filter(compound=c)
        ],
    }


@router.post("/needs", response={201: dict, **errors(400, 403, 404, 409, 422)})
def need_add(request, payload: NeedIn):
    c = _compound(request.user, payload.compound, rules.ADD_NEED)
    need = services.need_add(
        actor=request.user,
        compound=c,
        title=payload.title,
        category=payload.category,
        source=payload.source,
        description=payload.description,
    )
    return Status(201, {"id": need.pk, "status": need.status})


@router.post("/needs/{int:pk}/project", response={201: dict, **errors(400, 403, 404, 409, 422)})
def need_to_project(request, pk: int, payload: ProjectFromNeedIn):
    need = policy.get_visible_or_404(
        request.user, rules.VIEW_LISTS, selectors.needs_visible_to(request.user), pk=pk
    )
    resource = None
    if payload.resource is not None:
        resource = policy.get_visible_or_404(
            request.user, rules.VIEW_LISTS, selectors.resources_visible_to(request.user), pk=payload.resource
        )
    project = services.project_create(
        actor=request.user,
        compound=need.compound,
        need=need,
        resource=resource,
        title=payload.title,
        kind=payload.kind,
        budget=payload.budget,
        description=payload.description,
        milestones=payload.milestones,
    )
    return Status(201, _project(project))


@router.get("/projects/{int:pk}", response={200: dict, **errors(404, 422)})
def project_detail(request, pk: int):
    return _project(selectors.project_get_for_user(user=request.user, pk=pk))


@router.post("/projects/{int:pk}/progress", response={200: dict, **errors(400, 403, 404, 409, 422)})
def project_progress(request, pk: int, payload: ProgressIn):
    project = selectors.project_get_for_user(user=request.user, pk=pk)
    return _project(
        services.progress_update(
            actor=request.user, project=project, progress=payload.progress, note=payload.note
        )
    )


@router.post("/projects/{int:pk}/complete", response={200: dict, **errors(400, 403, 404, 409, 422)})
def project_complete(request, pk: int, payload: ResultIn):
    project = selectors.project_get_for_user(user=request.user, pk=pk)
    return _project(services.project_complete(actor=request.user, project=project, result=payload.result))


@router.post("/projects/{int:pk}/contributions", response={201: dict, **errors(400, 403, 404, 409, 422)})
def contribution_add(request, pk: int, payload: ContributionIn):
    project = selectors.project_get_for_user(user=request.user, pk=pk)
    services.contribution_add(
        actor=request.user,
        project=project,
        contributor=payload.contributor,
        amount=payload.amount,
        contributed_on=payload.contributed_on,
    )
    return Status(201, _project(project))


@router.post("/projects/{int:pk}/evaluations", response={201: dict, **errors(400, 403, 404, 409, 422)})
def evaluate(request, pk: int, payload: EvaluationIn):
    project = selectors.project_get_for_user(user=request.user, pk=pk)
    services.project_evaluate(
        actor=request.user, project=project, score=payload.score, comment=payload.comment
    )
    return Status(201, _project(project))
