"""A resident scans the 找组织 code on the notice board: the page opens on a phone without logging in,
names masked, personal mobiles masked, office numbers callable."""

import pytest

from linli.core.roles import Role
from linli.party.choices import BodyKind
from linli.party.tests.factories import make_body, make_branch, seat
from linli.places.tests.factories import user_with_role

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser


def test_resident_opens_find_organisation_on_phone_without_login(browser_world, open_page):
    w = browser_world
    branch = make_branch(w.compound_b1)
    seat(
        make_body(w.compound_b1, BodyKind.BRANCH, party_org=branch),
        "张晓明",
        role="书记",
        phone="13812345678",
    )
    seat(make_body(w.compound_b1), "李四", role="主任", phone="0730-8888888", office=True)
    user_with_role(Role.GRID_WORKER, grid=w.micro_b1, name="赵网格", phone="13900001111")

    page = open_page(viewport=PHONE)
    page.goto(f"/party/find/{w.compound_b1.code}/")
    text = page.inner_text("main")
    assert "找组织" in text and "张*明" in text and "138****5678" in text
    assert "13812345678" not in page.content() and "13900001111" not in page.content()
    assert page.locator("a[href='tel:0730-8888888']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "find-organisation-phone.png"), full_page=True)
