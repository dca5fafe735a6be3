"""The ledger's JSON API: the list and a person's detail — 身份证号 and mobile always masked — and the
audited reveal (POST with a reason). Out of scope answers 404 like missing; errors are mapped to JSON
with a Chinese ``detail`` by linli.api.

An exact search by 身份证号 or mobile number is a POST (``/people/search``), so the number never
appears in a URL or an access log."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from linli.core import policy
from linli.core.api_errors import errors
from linli.core.exceptions import DomainError

from . import rules, selectors, services
from .models import Person, Tag
from .views import is_identity_search

router = Router(tags=["居民台账"])
MAX_PAGE_SIZE = 100


class HouseholdRef(Schema):
    code: str
    name: str


class PersonItem(Schema):
    id: int
    name: str
    gender: str
    gender_label: str
    birth_date: date | None
    household: HouseholdRef
    relation: str
    relation_label: str
    residence_type: str
    residence_type_label: str
    is_owner: bool
    id_number_masked: str = Field(description="脱敏身份证号，如 110***********1234")
    mobile_masked: str = Field(description="脱敏手机号，如 138****5678")
    moved_in_on: date | None
    moved_out_on: date | None
    tags: list[str] = Field(description="当前有效的居民标签")


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PersonItem]


class TagSpan(Schema):
    tag: str
    since: date
    until: date | None


class Stay(Schema):
    household: HouseholdRef
    moved_in_on: date | None
    moved_out_on: date | None


class PersonDetail(PersonItem):
    tag_history: list[TagSpan]
    residencies: list[Stay]


class ListFilters(Schema):
    place: str = Field("", description="小区/楼栋/单元/户编码（含下级）")
    tag: str = Field("", description="标签代码，如 living_alone、rented")
    type: str = Field("", description="居住类型：registered/resident/floating")
    status: str = Field("current", description="current（在住）/moved_out（已迁出）/all")
    q: str = Field("", description="姓名（包含）；按身份证号或手机号查找请用 POST /people/search")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class SearchIn(Schema):
    text: str = Field(description="完整的身份证号或手机号（精确匹配），或姓名")


class RevealIn(Schema):
    reason: str = Field(description="查看事由（必填，记入审计日志）")


class Revealed(Schema):
    id_number: str
    mobile: str


def _item(person: Person, tags: list[str]) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "gender": person.gender,
        "gender_label": person.get_gender_display(),
        "birth_date": person.birth_date,
        "household": {"code": person.household.code, "name": person.household.name},
        "relation": person.relation,
        "relation_label": person.get_relation_display(),
        "residence_type": person.residence_type,
        "residence_type_label": person.get_residence_type_display(),
        "is_owner": person.is_owner,
        "id_number_masked": person.masked_id_number,
        "mobile_masked": person.masked_mobile,
        "moved_in_on": person.moved_in_on,
        "moved_out_on": person.moved_out_on,
        "tags": tags,
    }


def _page(rows, page: int, page_size: int) -> dict:
    count = rows.count()
    people = list(rows[(page - 1) * page_size : page * page_size])
    tags = selectors.active_tags_by_person([p.pk for p in people])
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "items": [_item(p, tags.get(p.pk, [])) for p in people],
    }


@router.get("/", response={200: PersonPage, **errors(400, 403, 404, 422)}, summary="居民台账列表（脱敏）")
def person_list(request, filters: Query[ListFilters]):
    policy.require(request.user, rules.VIEW_PERSON)
    if is_identity_search(filters.q):
        raise DomainError(
            "按身份证号或手机号查找请用 POST /api/people/search，号码不能放在网址中。", field="q"
        )
    under = selectors.place_for_ledger(user=request.user, code=filters.place) if filters.place else None
    tag = Tag.objects.filter(code=filters.tag).first() if filters.tag else None
    rows = selectors.ledger(
        user=request.user,
        under=under,
        tag=tag,
        residence_type=filters.type,
        status=filters.status if filters.status in ("current", "moved_out", "all") else "current",
        text=filters.q,
    )
    return _page(rows, filters.page, filters.page_size)


@router.post(
    "/search",
    response={200: PersonPage, **errors(400, 403, 422)},
    summary="按身份证号、手机号精确查找（脱敏）",
)
def person_search(request, payload: SearchIn):
    policy.require(request.user, rules.VIEW_PERSON)
    text = (payload.text or "").strip()[:50]
    if not text:
        raise DomainError("请填写身份证号、手机号或姓名。", field="text")
    return _page(selectors.ledger(user=request.user, status="all", text=text), 1, MAX_PAGE_SIZE)


@router.get("/{int:pk}", response={200: PersonDetail, **errors(404, 422)}, summary="居民详情（脱敏）")
def person_detail(request, pk: int):
    person = selectors.person_for(user=request.user, pk=pk)
    history = selectors.history_of(person)
    current = selectors.active_tags_by_person([person.pk]).get(person.pk, [])
    return {
        **_item(person, current),
        "tag_history": [{"tag": t.tag.name, "since": t.since, "until": t.until} for t in history["tags"]],
        "residencies": [
            {
                "household": {"code": r.household.code, "name": r.household.display_name},
                "moved_in_on": r.moved_in_on,
                "moved_out_on": r.moved_out_on,
            }
            for r in history["residencies"]
        ],
    }


@router.post(
    "/{int:pk}/reveal",
    response={200: Revealed, **errors(400, 403, 404, 422)},
    summary="查看完整身份证号和手机号（需权限与事由，限次，记入审计日志）",
)
def person_reveal(request, pk: int, payload: RevealIn):
    person = selectors.person_for(user=request.user, pk=pk)
    if not policy.may(request.user, rules.REVEAL_PERSON, person):
        raise PermissionDenied
    return services.person_reveal(actor=request.user, person=person, reason=payload.reason)
