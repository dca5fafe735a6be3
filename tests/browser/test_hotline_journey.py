"""12345 exchange in a real browser: the desk uploads a GBK CSV from the hotline whose number column has
another name, maps it, imports, sees the counts and the refused row, and exports the period."""

import re

import pytest
from playwright.sync_api import expect

from linli.appeals import hotline_sheet as S
from linli.appeals.models import Appeal
from linli.appeals.tests.test_hotline import csv_bytes, order
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser


def test_desk_maps_imports_and_exports_12345_work_orders(browser_world, open_page, screenshot, tmp_path):
    world = browser_world
    user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, phone="13700000301", name="刘书记")
    headers = [h if h != S.NUMBER else "热线单号" for h in S.FIELDS]
    # No category: the taxonomy comes from a data migration, which a transactional test's flush removes.
    rows = [order() | {"热线单号": "GD1", S.CATEGORY: ""}, order() | {"热线单号": "GD2", S.TYPE: "催办"}]
    upload = tmp_path / "12345工单.csv"
    upload.write_bytes(csv_bytes(rows, headers, encoding="gbk"))
    page = open_page()
    page.goto("/appeals/")
    log_in(page, "13700000301")

    page.get_by_role("link", name="12345 导入导出").click()
    page.get_by_label("12345 工单文件").set_input_files(str(upload))
    page.get_by_role("button", name="上传并核对列对应").click()
    expect(page.get_by_role("heading", name="核对列对应")).to_be_visible()
    page.get_by_label("工单编号").select_option("热线单号")
    screenshot(page, "hotline-mapping")
    page.get_by_role("button", name="开始导入").click()

    expect(page.get_by_text("部分导入")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("未知的诉求类型“催办”"))).to_be_visible()
    screenshot(page, "hotline-result")
    assert Appeal.objects.filter(external_id="GD1").exists()

    page.get_by_role("link", name="继续导入").click()
    screenshot(page, "hotline-page")
    page.get_by_role("checkbox", name=re.compile("导出完整联系方式")).check()
    page.get_by_label("导出完整联系方式的理由").fill("向 12345 平台报送办理结果")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出", exact=True).click()
    assert download.value.suggested_filename.endswith(".xlsx")
