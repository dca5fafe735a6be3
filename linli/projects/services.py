"""Writes to the three lists and projects (aggregates: Need, Resource, Project with its funding,
contributions, milestones, evaluations and events; SelfOrganisation with its activities). Every service is
keyword-only, takes ``actor``, checks permission on the 小区 or the row, is atomic and records a
ProjectEvent for project changes. Raises PermissionDenied, DomainError (Chinese message) or Conflict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.places.choices import PlaceLevel

from . import rules
from .choices import (
    EventKind,
    FundingKind,
    NeedCategory,
    NeedSource,
    NeedStatus,
    OrgKind,
    ProjectKind,
    ProjectStatus,
    ResourceKind,
)
from .models import (
    Contribution,
    Evaluation,
    Funding,
    Milestone,
    Need,
    OrgActivity,
    Participant,
    Project,
    ProjectEvent,
    Resource,
    SelfOrganisation,
)

MAX_YUAN = Decimal("9999999999.99")


def _text(value, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{what}。", field=what)
    if len(value) > limit:
        raise DomainError(f"{what}不能超过 {limit} 个字。", field=what)
    return value


def _choice(value, choices, what: str) -> str:
    if value not in choices.values:
        raise DomainError(f"请选择{what}。", field=what)
    return value


def yuan(value, what: str = "金额", *, allow_zero: bool = False) -> Decimal:
    """Parse an amount of yuan (at most two decimals); raises DomainError."""
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{what}须为数字（元）。", field=what) from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise DomainError(f"{what}最多保留两位小数。", field=what)
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_YUAN:
        raise DomainError(f"{what}须大于 0 元。" if not allow_zero else f"{what}不能为负数。", field=what)
    return amount.quantize(Decimal("0.01"))


def _in_compound(actor, permission: str, compound) -> None:
    if compound is None or compound.level != PlaceLevel.COMPOUND:
        raise DomainError("请选择小区。", field="compound")
    if not policy.scope_for(actor, permission).covers_place(compound.code):
        raise DomainError("您不能在该小区登记。", field="compound")


def _event(project, kind, actor, note="") -> None:
    ProjectEvent.objects.create(project=project, kind=kind, actor=actor, at=timezone.now(), note=note)


@transaction.atomic
def need_add(*, actor, compound, title: str, category: str, source: str, description: str = "") -> Need:
    _in_compound(actor, rules.ADD_NEED, compound)
    return Need.objects.create(
        compound=compound,
        place_code=compound.code,
        title=_text(title, "需求", 100),
        description=_text(description, "具体情况", 2000, required=False),
        category=_choice(category, NeedCategory, "需求类别"),
        source=_choice(source, NeedSource, "需求来源"),
        raised_by=actor,
        raised_at=timezone.now(),
    )


@transaction.atomic
def resource_add(
    *, actor, compound, name: str, kind: str, provider: str, description: str = "", cobuilding_unit=None
) -> Resource:
    _in_compound(actor, rules.MANAGE, compound)
    return Resource.objects.create(
        compound=compound,
        place_code=compound.code,
        name=_text(name, "资源名称", 100),
        kind=_choice(kind, ResourceKind, "资源类型"),
        provider=_text(provider, "提供方", 100),
        description=_text(description, "说明", 2000, required=False),
        cobuilding_unit=cobuilding_unit,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )


@transaction.atomic
def project_create(
    *,
    actor,
    compound,
    title: str,
    kind: str,
    budget,
    owner=None,
    need: Need | None = None,
    resource: Resource | None = None,
    description: str = "",
    milestones: list[tuple[str, date]] = (),
) -> Project:
    """Create a project; given ``need`` (and optionally ``resource``) of the same 小区, the need is marked
    已立项 in the same step (compare-and-set: a need becomes one project only)."""
    _in_compound(actor, rules.MANAGE, compound)
    owner = owner or actor
    if not policy.may(owner, rules.MANAGE) or not policy.scope_for(owner, rules.MANAGE).covers_place(
        compound.code
    ):
        raise DomainError("负责人须为本小区支部或社区工作人员。", field="owner")
    for row, what in ((need, "需求"), (resource, "资源")):
        if row is not None and row.compound_id != compound.pk:
            raise DomainError(f"只能对接本小区的{what}。", field=what)
    project = Project(
        compound=compound,
        place_code=compound.code,
        title=_text(title, "项目名称", 100),
        kind=_choice(kind, ProjectKind, "项目类型"),
        need=need,
        resource=resource,
        description=_text(description, "实施内容", 4000, required=False),
        budget=yuan(budget, "预算", allow_zero=True),
        owner=owner,
        created_at=timezone.now(),
    )
    if need is not None:
        if Need.objects.filter(pk=need.pk, status=NeedStatus.OPEN).update(status=NeedStatus.PROJECT) != 1:
            raise Conflict("该需求已立项，请刷新页面。")
        need.status = NeedStatus.PROJECT
    project.save()
    for title_, due_on in milestones:
        if title_.strip() and due_on:
            Milestone.objects.create(project=project, title=title_.strip()[:100], due_on=due_on)
    note = f"对接需求“{need.title}”" if need else ""
    if resource:
        note += f"，资源：{resource}"
    _event(project, EventKind.CREATED, actor, note)
    return project


def _manage(actor, project) -> None:
    policy.require(actor, rules.MANAGE, project)
    if project.status == ProjectStatus.COMPLETED:
        raise Conflict("项目已完成，不能再修改。")


@transaction.atomic
def funding_add(*, actor, project, kind: str, amount, note: str = "") -> Funding:
    _manage(actor, project)
    funding = Funding.objects.create(
        project=project,
        kind=_choice(kind, FundingKind, "资金来源"),
        amount=yuan(amount),
        note=_text(note, "说明", 200, required=False),
    )
    _event(project, EventKind.FUNDED, actor, f"{funding.get_kind_display()} {funding.amount} 元")
    return funding


@transaction.atomic
def contribution_add(
    *, actor, project, contributor: str, amount, contributed_on: date | None = None
) -> Contribution:
    """Record one 众筹 contribution (the contributor's name is masked wherever it is listed)."""
    _manage(actor, project)
    on = contributed_on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("捐助日期不能晚于今天。", field="contributed_on")
    row = Contribution.objects.create(
        project=project,
        contributor=_text(contributor, "捐助人", 50),
        amount=yuan(amount),
        contributed_on=on,
        recorded_by=actor,
    )
    _event(project, EventKind.CONTRIBUTED, actor, f"众筹 {row.amount} 元")
    return row


@transaction.atomic
def milestone_done(*, actor, milestone: Milestone, done_on: date | None = None) -> Milestone:
    _manage(actor, milestone.project)
    on = done_on or timezone.localdate()
    if Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(done_on=on) != 1:
        raise Conflict("该节点已完成。")
    milestone.done_on = on
    _event(milestone.project, EventKind.MILESTONE, actor, f"完成节点：{milestone.title}")
    return milestone


def _cas(project, **values) -> Project:
    if (
        Project.objects.filter(pk=project.pk, version=project.version).update(
            version=F("version") + 1, **values
        )
        != 1
    ):
        raise Conflict("项目已被他人修改，请刷新页面后重试。")
    project.refresh_from_db()
    return project


@transaction.atomic
def progress_update(*, actor, project, progress, note: str = "") -> Project:
    """Report progress (0–99 %; completing is project_complete). Starts a planned project."""
    _manage(actor, project)
    try:
        value = int(progress)
    except (TypeError, ValueError):
        raise DomainError("进度须为 0—99 的整数。", field="progress") from None
    if not 0 <= value <= 99:
        raise DomainError("进度须为 0—99 的整数；完成请填写实施成效后结项。", field="progress")
    status = ProjectStatus.IN_PROGRESS if value > 0 else project.status
    project = _cas(project, progress=value, status=status)
    _event(project, EventKind.PROGRESS, actor, f"{value}%　{_text(note, '进展说明', 500, required=False)}")
    return project


@transaction.atomic
def project_complete(*, actor, project, result: str) -> Project:
    _manage(actor, project)
    result = _text(result, "实施成效", 4000)
    project = _cas(
        project,
        progress=100,
        status=ProjectStatus.COMPLETED,
        result=result,
        completed_on=timezone.localdate(),
    )
    _event(project, EventKind.COMPLETED, actor, result)
    return project


@transaction.atomic
def project_evaluate(*, actor, project, score, comment: str = "") -> Evaluation:
    """A resident of the 小区 rates a completed project once (1–5)."""
    policy.require(actor, rules.EVALUATE, project)
    if project.status != ProjectStatus.COMPLETED:
        raise Conflict("项目完成后才能评价。")
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError("请选择 1—5 分的满意度。", field="score")
    try:
        with transaction.atomic():
            row = Evaluation.objects.create(
                project=project,
                resident=actor,
                score=score,
                comment=_text(comment, "评价", 500, required=False),
                at=timezone.now(),
            )
    except IntegrityError:
        raise DomainError("您已评价过该项目。") from None
    _event(project, EventKind.EVALUATED, actor, f"{score} 分")
    return row


@transaction.atomic
def org_add(*, actor, compound, name: str, kind: str, leader: str, founded_on: date, description: str = ""):
    _in_compound(actor, rules.MANAGE_ORG, compound)
    if founded_on is None or founded_on > timezone.localdate():
        raise DomainError("请填写成立日期（不晚于今天）。", field="founded_on")
    name = _text(name, "自组织名称", 100)
    if SelfOrganisation.objects.filter(compound=compound, name=name).exists():
        raise DomainError("本小区已有同名自组织。", field="name")
    return SelfOrganisation.objects.create(
        compound=compound,
        place_code=compound.code,
        name=name,
        kind=_choice(kind, OrgKind, "类型"),
        leader=_text(leader, "负责人", 50),
        founded_on=founded_on,
        description=_text(description, "简介", 2000, required=False),
    )


@transaction.atomic
def activity_record(
    *, actor, org, title: str, held_on: date, location: str, participants: list[str], summary: str = ""
) -> OrgActivity:
    """An activity of a self-organisation with its participants (names, each counted once)."""
    policy.require(actor, rules.MANAGE_ORG, org)
    if held_on is None or held_on > timezone.localdate():
        raise DomainError("请填写已举办的活动日期。", field="held_on")
    names = list(dict.fromkeys(n.strip()[:50] for n in participants if n and n.strip()))
    if not names:
        raise DomainError("请填写参与者。", field="participants")
    activity = OrgActivity.objects.create(
        org=org,
        title=_text(title, "活动名称", 100),
        held_on=held_on,
        location=_text(location, "地点", 100),
        summary=_text(summary, "活动情况", 2000, required=False),
        recorded_by=actor,
    )
    Participant.objects.bulk_create([Participant(activity=activity, name=n) for n in names])
    return activity
