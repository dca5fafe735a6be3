"""The demo lists: built through the services on the demo 小区, idempotent."""

from io import StringIO

import pytest

from linli.accounts.models import User
from linli.core.demo import SCALES, DemoContext, builders
from linli.projects.choices import NeedStatus, ProjectStatus
from linli.projects.models import Need, Project, Resource, SelfOrganisation
from linli.projects.workbench import items

pytestmark = pytest.mark.django_db


def test_demo_lists_have_matched_needs_projects_and_organisations():
    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=StringIO())
    wanted = {"地点与网格", "账号与角色", "三张清单"}
    steps = [build for label, build in builders() if label in wanted]
    assert len(steps) == 3
    for build in steps:
        build(ctx)
    assert Need.objects.filter(status=NeedStatus.PROJECT).count() == 2
    assert Resource.objects.count() >= 3
    assert set(Project.objects.values_list("status", flat=True)) == {
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.COMPLETED,
    }
    assert SelfOrganisation.objects.count() == 2
    secretary = User.objects.get(phone="13800000010")
    assert {"需求待对接", "我负责的实事项目"} <= {i.title for i in items(secretary)}
    steps[-1](ctx)
    assert Need.objects.count() == 5
