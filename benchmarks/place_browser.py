"""Place and grid browser pages, in-process through the whole Django stack (middleware, session,
policy, templates), against the same stack's bare health endpoint (the limit) in the same run."""

from __future__ import annotations

from django.test import Client

from linli.accounts.models import User
from linli.places.choices import GridLevel, PlaceLevel
from linli.places.models import GridNode, Place

from .common import summary, timed

GOAL_P95_MS = 300.0  # "stays responsive": a page a person clicks through without waiting


def _pages() -> list[tuple[str, str, str]]:
    """(viewer phone, label, path) for each page; the viewers are the demo accounts."""
    first = Place.objects.filter
    district = first(level=PlaceLevel.DISTRICT).order_by("code")[0]
    street = first(level=PlaceLevel.STREET).order_by("code")[0]
    community = first(level=PlaceLevel.COMMUNITY).order_by("code")[0]
    compound = first(level=PlaceLevel.COMPOUND, code__startswith=community.code).order_by("code")[0]
    building = first(level=PlaceLevel.BUILDING, code__startswith=compound.code).order_by("code")[0]
    household = first(level=PlaceLevel.HOUSEHOLD, code__startswith=building.code).order_by("code")[0]
    total = GridNode.objects.filter(level=GridLevel.TOTAL, code=community.code).first()
    admin, secretary, grid_worker = "13800000002", "13800000004", "13800000007"
    pages = [
        (admin, "区级：地点首页（整个区，含统计）", "/places/"),
        (admin, "区级：区详情（各街道统计）", f"/places/{district.code}/"),
        (admin, "区级：街道详情（各社区统计）", f"/places/{street.code}/"),
        (admin, "区级：网格首页（全部总网格）", "/grids/"),
        (admin, "区级：网格划分检查（全区）", "/grids/report/"),
        (admin, "区级：工作台", "/"),
        (secretary, "社区书记：社区详情（各小区统计）", f"/places/{community.code}/"),
        (secretary, "社区书记：小区详情", f"/places/{compound.code}/"),
        (secretary, "社区书记：楼栋详情", f"/places/{building.code}/"),
        (secretary, "社区书记：住户详情", f"/places/{household.code}/"),
        (secretary, "社区书记：网格划分检查", "/grids/report/"),
        (grid_worker, "网格员：地点首页", "/places/"),
        (grid_worker, "网格员：工作台", "/"),
    ]
    if total:
        pages.append((secretary, "社区书记：社区总网格", f"/grids/{total.code}/"))
    return pages


def measure(*, repeats: int = 20) -> dict:
    clients: dict[str, Client] = {}
    rows = []
    bare = Client()
    limit = summary(timed(lambda: bare.get("/healthz"), repeats * 2))
    for phone, label, path in _pages():
        client = clients.get(phone)
        if client is None:
            client = clients[phone] = Client()
            client.force_login(User.objects.get(phone=phone))

        def fetch(client=client, path=path):
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")

        stats = summary(timed(fetch, repeats))
        rows.append({"page": label, "path": path, **stats, "ratio_p50": stats["p50"] / limit["p50"]})
    return {"limit": limit, "pages": rows, "goal_p95_ms": GOAL_P95_MS}
