"""The grid report a community worker reads: micro-grid sizes, households in no grid, 小区 ↔ grid relations."""

from django.urls import reverse

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role


def test_grid_report_lists_sizes_ungridded_households_and_relations(client, world):
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    page = client.get(reverse("grids:report")).content.decode()
    assert "户数超出 30–100 户的微网格（2 个）" in page  # 春晖's two micro-grids hold 3 and 2 households
    assert "春晖1-1微网格</a>：3 户（偏少）" in page
    assert "未划入任何微网格的住户（1 户）" in page and "春晖雅苑 1栋1单元201室" in page
    assert "小区与网格一致 2 个" in page  # 春晖花园 and 春晖雅苑 each fill their own general grid
    assert "秋实" not in page


def test_micro_grid_limits_are_configurable(client, world, settings):
    settings.LINLI_MICRO_GRID_MIN_HOUSEHOLDS = 3
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    page = client.get(reverse("grids:report")).content.decode()
    assert "户数超出 3–100 户的微网格（1 个）" in page and "春晖2-1微网格</a>：2 户" in page


def test_workbench_tells_a_grid_manager_about_grid_faults(client, world):
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, place=world.community_a))
    page = client.get(reverse("home")).content.decode()
    assert "户数超出范围的微网格" in page and "未划入网格的住户" in page


def test_a_household_moved_into_a_grid_leaves_the_report(client, world):
    home = world.households[world.compound_a2.code][2]
    home.grid = world.micro_a2
    home.save()
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    assert "未划入任何微网格的住户（0 户）" in client.get(reverse("grids:report")).content.decode()
