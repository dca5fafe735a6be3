"""Pages and API of 三张清单: scope (404 outside), residents see and rate their own 小区's projects, the
one-step need → project through the API, names of contributors masked."""

import pytest

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.projects import services
from linli.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    need = services.need_add(
        actor=branch, compound=world.compound_a1, title="增设充电桩", category="safety", source="resident"
    )
    resource = services.resource_add(
        actor=branch, compound=world.compound_a1, name="闲置车棚", kind="venue", provider="物业"
    )
    return world, branch, need, resource


def test_branch_turns_a_need_into_a_project_through_the_api(client, setup):
    world, branch, need, resource = setup
    client.force_login(branch)
    r = client.post(
        f"/api/projects/needs/{need.pk}/project",
        {
            "title": "集中充电棚",
            "kind": "micro",
            "budget": "12000.00",
            "resource": resource.pk,
            "milestones": [["安装", "2026-07-01"]],
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    body = r.json()
    assert body["budget"] == "12000.00" and body["need"] == need.pk and body["resource"] == resource.pk
    again = client.post(
        f"/api/projects/needs/{need.pk}/project",
        {"title": "再立项", "kind": "micro", "budget": "1"},
        content_type="application/json",
    )
    assert again.status_code == 409
    bad = client.post(
        "/api/projects/needs",
        {"compound": world.compound_a1.code, "title": "", "category": "safety", "source": "resident"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "请填写" in bad.json()["detail"]
    lists = client.get(f"/api/projects/lists?compound={world.compound_a1.code}").json()
    assert [n["status"] for n in lists["needs"]] == ["project"] and len(lists["projects"]) == 1


def test_outside_scope_is_404(client, setup):
    world, branch, need, resource = setup
    project = services.project_create(
        actor=branch, compound=world.compound_a1, need=need, title="充电棚", kind="micro", budget="100"
    )
    outsider = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_b1)
    client.force_login(outsider)
    assert client.get(f"/projects/p/{project.pk}/").status_code == 404
    assert client.get(f"/api/projects/projects/{project.pk}").status_code == 404
    assert client.get(f"/api/projects/lists?compound={world.compound_a1.code}").status_code == 404
    assert client.post(f"/projects/p/{project.pk}/progress/", {"progress": "50"}).status_code == 404
    assert "充电桩" not in client.get(f"/projects/?compound={world.compound_a1.code}").content.decode()
    assert Project.objects.get(pk=project.pk).progress == 0


def test_resident_sees_and_rates_own_compound_project_with_contributors_masked(client, setup):
    world, branch, need, resource = setup
    project = services.project_create(
        actor=branch, compound=world.compound_a1, need=need, title="充电棚", kind="micro", budget="100"
    )
    services.contribution_add(actor=branch, project=project, contributor="王秀英", amount="50")
    services.project_complete(actor=branch, project=project, result="建成充电棚")
    resident = user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0])
    client.force_login(resident)
    page = client.get(f"/projects/p/{project.pk}/").content.decode()
    assert "王*英" in page and "王秀英" not in page and "评价本项目" in page
    assert client.get("/projects/").status_code == 403  # the lists themselves are for the bodies and staff
    r = client.post(
        f"/api/projects/projects/{project.pk}/evaluations", {"score": 5}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["rating"] == "5.0"
    elsewhere = user_with_role(Role.RESIDENT, place=world.households[world.compound_a2.code][0])
    client.force_login(elsewhere)
    assert client.get(f"/projects/p/{project.pk}/").status_code == 404


def test_lists_page_and_forms(client, setup):
    world, branch, need, resource = setup
    client.force_login(branch)
    page = client.get("/projects/").content.decode()
    assert "需求清单" in page and "增设充电桩" in page and "闲置车棚" in page
    r = client.post(
        "/projects/add/project/",
        {
            "compound": world.compound_a1.code,
            "need": str(need.pk),
            "resource": str(resource.pk),
            "title": "充电棚",
            "kind": "micro",
            "budget": "abc",
        },
    )
    assert r.status_code == 302 and not Project.objects.exists()
    r = client.post(
        "/projects/add/project/",
        {
            "compound": world.compound_a1.code,
            "need": str(need.pk),
            "resource": str(resource.pk),
            "title": "充电棚",
            "kind": "micro",
            "budget": "8000",
        },
        follow=True,
    )
    assert "已立项" in r.content.decode() and Project.objects.get().need == need
    r = client.post(
        "/projects/orgs/",
        {
            "compound": world.compound_a1.code,
            "name": "合唱团",
            "kind": "culture",
            "leader": "周玉兰",
            "founded_on": "2024-01-01",
        },
        follow=True,
    )
    assert "已登记自组织" in r.content.decode()


def test_grid_worker_sees_the_lists_of_the_compounds_of_his_grid_only(client, setup):
    world, branch, need, resource = setup
    other = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a2)
    services.need_add(
        actor=other,
        compound=world.compound_a2,
        title="雅苑健身器材维修",
        category="facility",
        source="resident",
    )
    client.force_login(user_with_role(Role.GRID_WORKER, grid=world.grid_a1))
    assert (
        client.get(f"/api/projects/lists?compound={world.compound_a1.code}").json()["needs"][0]["title"]
        == "增设充电桩"
    )
    assert client.get(f"/api/projects/lists?compound={world.compound_a2.code}").status_code == 404


def test_lists_page_query_count_does_not_grow_with_rows(client, setup, django_assert_max_num_queries):
    world, branch, need, resource = setup
    client.force_login(branch)
    services.project_create(
        actor=branch,
        compound=world.compound_a1,
        need=need,
        resource=resource,
        title="充电棚",
        kind="micro",
        budget="100",
    )
    url = f"/projects/?compound={world.compound_a1.code}"
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for i in range(4):
        n = services.need_add(
            actor=branch, compound=world.compound_a1, title=f"需求{i}", category="other", source="resident"
        )
        r = services.resource_add(
            actor=branch, compound=world.compound_a1, name=f"资源{i}", kind="venue", provider="物业"
        )
        services.project_create(
            actor=branch,
            compound=world.compound_a1,
            need=n,
            resource=r,
            title=f"项目{i}",
            kind="micro",
            budget="1",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
