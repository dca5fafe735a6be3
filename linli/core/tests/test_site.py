"""The site shell: log-in, home, error pages, admin, API docs, the demo command."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from linli.accounts.models import User
from linli.core.demo import DEMO_PASSWORD
from linli.core.roles import Role
from linli.people.models import Person
from linli.places.models import Place
from linli.places.tests.factories import PASSWORD, user_with_role


def test_login_by_mobile_number_leads_to_the_workbench(client, world):
    user = user_with_role(
        Role.COMMUNITY_SECRETARY, place=world.community_a, phone="13700000001", name="刘书记"
    )
    response = client.post(
        reverse("accounts:login"), {"username": "13700000001", "password": PASSWORD}, follow=True
    )
    text = response.content.decode()
    assert response.status_code == 200 and "我的工作台" in text and "社区书记" in text and "春晖社区" in text
    assert response.context["user"] == user


def test_wrong_password_is_explained_in_chinese(client, world):
    user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0], phone="13700000002")
    response = client.post(reverse("accounts:login"), {"username": "13700000002", "password": "wrong-one"})
    assert "手机号码或密码不正确" in response.content.decode()


def test_pages_need_a_login(client, db):
    response = client.get(reverse("places:browse"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_missing_page_answers_in_chinese(client, world):
    client.force_login(user_with_role(Role.DISTRICT_ADMIN, place=world.district))
    response = client.get("/places/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert client.get("/no/such/page/").status_code == 404


def test_api_errors_are_json_in_chinese(client, db):
    response = client.get("/api/places/")
    assert response.status_code == 401 and response.json()["detail"] == "请先登录。"


def test_server_error_page_is_chinese_without_a_traceback(rf):
    from linli.core.views import server_error

    response = server_error(rf.get("/places/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "服务器出现错误" in text and "Traceback" not in text


def test_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "邻里 Linli API"
    assert "/api/places/{code}" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_me_endpoint_lists_my_roles(client, world):
    user = user_with_role(Role.GRID_WORKER, grid=world.grid_a1, name="赵网格")
    client.force_login(user)
    me = client.get("/api/me").json()
    assert me["name"] == "赵网格"
    assert me["assignments"] == [
        {"role": "grid_worker", "role_label": "网格员", "place_code": None, "grid_code": world.grid_a1.code}
    ]
    assert "*" in me["phone_masked"]


def test_admin_is_for_system_administrators_only(client, world):
    admin = user_with_role(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200 and "邻里 · 系统管理" in response.content.decode()
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, is_staff=True))
    assert client.get("/admin/", follow=True).status_code == 403
    client.logout()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "登录邻里" in response.content.decode()


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_demo_builds_a_district_with_a_login_for_every_role_and_rerun_changes_nothing():
    out = StringIO()
    call_command("demo", stdout=out)
    first = (Place.objects.count(), Person.objects.count(), User.objects.count())
    text = out.getvalue()
    assert "演示数据就绪" in text and DEMO_PASSWORD in text
    roles_with_login = {a.role for u in User.objects.all() for a in u.active_assignments()}
    assert roles_with_login == set(Role.values)
    call_command("demo", stdout=StringIO())
    assert (Place.objects.count(), Person.objects.count(), User.objects.count()) == first
    resident = User.objects.get(phone="13800000020")
    assert resident.check_password(DEMO_PASSWORD)
    assert resident.person.household.code == resident.active_assignments()[0].place_code


def test_the_menu_shows_only_what_the_user_can_open(client, world):
    resident = user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0])
    client.force_login(resident)
    page = client.get(reverse("home")).content.decode()
    assert reverse("places:browse") in page and reverse("appeals:list") in page
    assert reverse("grids:browse") not in page and reverse("roles:list") not in page
    household = client.get(reverse("places:detail", args=[world.households[world.compound_a1.code][0].code]))
    assert reverse("grids:detail", args=[world.micro_a1.code]) not in household.content.decode()
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    page = client.get(reverse("home")).content.decode()
    assert reverse("grids:browse") in page and reverse("roles:list") in page


def test_api_write_without_csrf_token_is_refused_in_chinese(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, place=world.community_a))
    response = client.post("/api/appeals/", {"text": "楼道灯坏了"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"] == "安全校验失败，请刷新页面后重试。"


def test_worker_runs_the_periodic_tasks(world, capsys):
    call_command("worker", "--once")
    out = capsys.readouterr().out
    assert "后台工作进程已启动" in out and "诉求督办" in out and "通知" in out and "已停止" in out
