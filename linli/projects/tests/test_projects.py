"""三张清单: a need matched with a resource becomes a project in one step; money in Decimal yuan with 众筹
contributors; progress, milestones, completion and residents' evaluation; self-organisations' activities."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.projects import selectors, services
from linli.projects.choices import FundingKind, NeedStatus, ProjectStatus
from linli.projects.models import Need, Participant, Project, ProjectEvent

pytestmark = pytest.mark.django_db


class Team:
    def __init__(self, world):
        self.world = world
        self.branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
        self.other_branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a2)
        self.resident = user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0])
        self.neighbour_elsewhere = user_with_role(
            Role.RESIDENT, place=world.households[world.compound_a2.code][0]
        )


@pytest.fixture
def team(world):
    return Team(world)


@pytest.fixture
def need(team):
    return services.need_add(
        actor=team.branch,
        compound=team.world.compound_a1,
        title="单元门口加装扶手",
        category="elderly",
        source="visit",
    )


@pytest.fixture
def resource(team):
    return services.resource_add(
        actor=team.branch,
        compound=team.world.compound_a1,
        name="党群服务站活动室",
        kind="venue",
        provider="小区党支部",
    )


def _project(team, need=None, resource=None, **kw):
    return services.project_create(
        actor=team.branch,
        compound=team.world.compound_a1,
        need=need,
        resource=resource,
        title=kw.pop("title", "适老化改造"),
        kind=kw.pop("kind", "practical"),
        budget=kw.pop("budget", "36000"),
        **kw,
    )


def test_need_matched_with_a_resource_becomes_a_project_in_one_step(team, need, resource):
    project = _project(team, need, resource, milestones=[("施工", date(2026, 6, 1))])
    need.refresh_from_db()
    assert need.status == NeedStatus.PROJECT and project.need == need and project.resource == resource
    assert project.budget == Decimal("36000.00") and project.owner == team.branch
    assert [m.title for m in project.milestones.all()] == ["施工"]
    assert ProjectEvent.objects.filter(project=project, kind="created").count() == 1


def test_a_need_becomes_one_project_only(team, need):
    stale = Need.objects.get(pk=need.pk)
    _project(team, need)
    with pytest.raises(Conflict):
        _project(team, stale, title="重复立项")
    assert Project.objects.count() == 1


def test_only_resources_of_the_same_compound_can_be_matched(team, need):
    elsewhere = services.resource_add(
        actor=team.other_branch, compound=team.world.compound_a2, name="车库", kind="venue", provider="物业"
    )
    with pytest.raises(DomainError, match="本小区的资源"):
        _project(team, need, elsewhere)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN and not Project.objects.exists()


@pytest.mark.parametrize("bad", ["", "abc", "-5", "12.345", "NaN", "1e30"])
def test_budget_must_be_yuan(team, bad):
    with pytest.raises(DomainError):
        _project(team, budget=bad)
    assert not Project.objects.exists()


def test_funding_and_crowdfunding_add_up_and_contributors_are_counted(team):
    project = _project(team, budget="10000.50")
    services.funding_add(actor=team.branch, project=project, kind=FundingKind.COMMUNITY, amount="6000")
    services.contribution_add(actor=team.branch, project=project, contributor="王秀英", amount="200.25")
    services.contribution_add(actor=team.branch, project=project, contributor="李建国", amount="1,000")
    services.contribution_add(actor=team.branch, project=project, contributor="王秀英", amount="100")
    money = selectors.money_of(project)
    assert money.crowdfunded == Decimal("1300.25") and money.contributors == 2
    assert money.funded == Decimal("7300.25") and money.gap == Decimal("2700.25")
    assert money.by_kind == [("社区保障资金", Decimal("6000.00")), ("众筹", Decimal("1300.25"))]
    with pytest.raises(DomainError):
        services.contribution_add(actor=team.branch, project=project, contributor="张三", amount="0")


def test_progress_completion_and_one_evaluation_per_resident(team):
    project = _project(team)
    with pytest.raises(Conflict, match="完成后才能评价"):
        services.project_evaluate(actor=team.resident, project=project, score=5)
    with pytest.raises(DomainError):
        services.progress_update(actor=team.branch, project=project, progress=100)
    project = services.progress_update(actor=team.branch, project=project, progress=40)
    assert project.status == ProjectStatus.IN_PROGRESS
    with pytest.raises(DomainError, match="实施成效"):
        services.project_complete(actor=team.branch, project=project, result=" ")
    project = services.project_complete(actor=team.branch, project=project, result="加装扶手 12 处")
    assert (project.status, project.progress) == (ProjectStatus.COMPLETED, 100)
    with pytest.raises(Conflict):
        services.progress_update(actor=team.branch, project=project, progress=50)
    services.project_evaluate(actor=team.resident, project=project, score=4, comment="很实用")
    with pytest.raises(DomainError, match="已评价"):
        services.project_evaluate(actor=team.resident, project=project, score=1)
    with pytest.raises(PermissionDenied):
        services.project_evaluate(actor=team.neighbour_elsewhere, project=project, score=1)
    assert selectors.rating_of(project) == (Decimal("4.0"), 1)


def test_other_compounds_branch_cannot_manage(team):
    project = _project(team)
    with pytest.raises(PermissionDenied):
        services.progress_update(actor=team.other_branch, project=project, progress=10)
    with pytest.raises(DomainError, match="不能在该小区"):
        services.need_add(
            actor=team.other_branch,
            compound=team.world.compound_a1,
            title="x",
            category="other",
            source="resident",
        )


def test_activity_counts_each_participant_once(team):
    org = services.org_add(
        actor=team.branch,
        compound=team.world.compound_a1,
        name="夕阳红合唱团",
        kind="culture",
        leader="周玉兰",
        founded_on=date(2024, 3, 1),
    )
    activity = services.activity_record(
        actor=team.branch,
        org=org,
        title="邻里节展演",
        held_on=date(2025, 9, 1),
        location="中心广场",
        participants=["周玉兰", "王秀英", " 周玉兰 ", ""],
    )
    assert list(Participant.objects.filter(activity=activity).values_list("name", flat=True)) == [
        "周玉兰",
        "王秀英",
    ]
    with pytest.raises(DomainError, match="同名"):
        services.org_add(
            actor=team.branch,
            compound=team.world.compound_a1,
            name="夕阳红合唱团",
            kind="culture",
            leader="x",
            founded_on=date(2024, 3, 1),
        )
