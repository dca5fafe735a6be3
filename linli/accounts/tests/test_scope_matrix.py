"""The scope matrix: for every role, a user scoped inside 春晖社区 (community A) can neither list, nor open,
nor change anything of 秋实社区 (community B) — objects outside their scope answer 404 exactly like
missing ones, so existence does not leak — unless their scope legitimately includes B (街道, 区, 全平台).

Everything is asked through the public surface: the HTML pages and the JSON API under /api/."""

import pytest
from django.urls import reverse

from linli.accounts.models import RoleAssignment, RoleAssignmentEvent, User
from linli.accounts.rules import MANAGE_ASSIGNMENT, VIEW_ASSIGNMENT
from linli.accounts.services import assignment_grant
from linli.core import policy
from linli.core.roles import APPOINTABLE_BY, Role
from linli.people.models import Person
from linli.places.choices import PlaceLevel
from linli.places.models import GridNode, Place
from linli.places.rules import VIEW_GRID
from linli.places.tests.factories import UserFactory, user_with_role

#: Where each role's holder sits for the matrix: a sensible node in community A (or wider).
SCOPE_OF_ROLE = {
    Role.SYSTEM_ADMIN: "global",
    Role.RESIDENT: "household",
    Role.STAIRWELL_LEADER: "unit",
    Role.INFORMANT: "unit",
    Role.CARETAKER: "unit",
    Role.MICRO_GRID_WORKER: "micro_grid",
    Role.GRID_WORKER: "general_grid",
    Role.GRID_LEADER: "general_grid",
    Role.SPECIALIST_GRID_WORKER: "general_grid",
    Role.BRANCH_SECRETARY: "compound",
    Role.BRANCH_MEMBER: "compound",
    Role.OWNERS_COMMITTEE: "compound",
    Role.PROPERTY_STAFF: "compound",
    Role.VOLUNTEER: "compound",
    Role.COMMUNITY_WORKER: "community",
    Role.COMMUNITY_SECRETARY: "community",
    Role.MEDIATOR: "community",
    Role.STREET_OFFICIAL: "street",
    Role.DEPARTMENT_HANDLER: "street",
    Role.DISTRICT_ADMIN: "district",
    Role.AUDITOR: "street",
}
#: Scopes that legitimately include community B.
REACHES_B = {"street", "district", "global"}
ROLES = sorted(SCOPE_OF_ROLE, key=list(Role).index)
MISSING_PLACE, MISSING_GRID = "430699001009", "430699001009001"


def scope_node(world, kind: str) -> dict:
    a1 = world.compound_a1
    return {
        "global": {},
        "household": {"place": world.households[a1.code][0]},
        "unit": {"place": world.unit_of(a1)},
        "compound": {"place": a1},
        "micro_grid": {"grid": world.micro_a1},
        "general_grid": {"grid": world.grid_a1},
        "community": {"place": world.community_a},
        "street": {"place": world.street},
        "district": {"place": world.district},
    }[kind]


def outside_in_a(world, kind: str) -> tuple[list[Place], list[GridNode]]:
    """Nodes of community A (or above it) that a holder of this scope may not open either."""
    a1, a2 = world.compound_a1, world.compound_a2
    ungridded = world.households[a2.code][2]
    return {
        "global": ([], []),
        "household": ([world.households[a1.code][1], a1], []),
        "unit": ([a1, a2], [world.micro_a2]),
        "compound": ([a2, world.community_a], [world.micro_a2]),
        "micro_grid": ([a2, ungridded], [world.micro_a2, world.grid_a2, world.grid_a1]),
        "general_grid": ([a2, ungridded], [world.grid_a2, world.grid_total_a]),
        "community": ([world.street], []),
        "street": ([world.district], []),
        "district": ([], []),
    }[kind]


def b_places(world) -> list[Place]:
    b1 = world.compound_b1
    return [world.community_b, b1, world.unit_of(b1), world.households[b1.code][0]]


def b_grids(world) -> list[GridNode]:
    return [world.grid_total_b, world.grid_b1, world.micro_b1]


def reaches_b(role) -> bool:
    return SCOPE_OF_ROLE[role] in REACHES_B


@pytest.fixture
def holder(world, request):
    """(role, user) for the parametrized role, scoped per SCOPE_OF_ROLE."""
    role = request.param
    return role, user_with_role(role, **scope_node(world, SCOPE_OF_ROLE[role]))


by_role = pytest.mark.parametrize("holder", ROLES, indirect=True, ids=[str(r) for r in ROLES])


def test_the_matrix_covers_every_role():
    assert set(SCOPE_OF_ROLE) == set(Role.values)


# --- Listing -----------------------------------------------------------------------------------------


def _walk_api(client) -> set[str]:
    """Every place reachable from /api/places/ by following /children."""
    roots = client.get("/api/places/")
    assert roots.status_code == 200
    seen: set[str] = set()
    todo = [p for p in roots.json()]
    while todo:
        place = todo.pop()
        seen.add(place["code"])
        if place["level"] < PlaceLevel.HOUSEHOLD:
            children = client.get(f"/api/places/{place['code']}/children")
            assert children.status_code == 200
            todo.extend(children.json())
    return seen


@by_role
def test_place_listings_show_another_community_only_to_wider_scopes(client, world, holder):
    role, user = holder
    client.force_login(user)
    walked = _walk_api(client)
    visible = set(
        policy.visible(user, "places.view_place", Place.objects.all()).values_list("code", flat=True)
    )
    assert walked == visible, "the API tree walk shows exactly what the selector lets this user see"
    # Each page lists its children, so the pages above the households show everything listed.
    listing = sorted(
        code for code in walked if len(code) < len(world.households[world.compound_a1.code][0].code)
    )
    pages = [client.get(reverse("places:browse"))]
    pages += [client.get(reverse("places:detail", args=[code])) for code in listing]
    assert all(p.status_code == 200 for p in pages)
    html = "".join(p.content.decode() for p in pages)
    b_codes = {p.code for p in b_places(world)}
    if reaches_b(role):
        assert b_codes <= walked
        assert "秋实社区" in html and "秋实家园" in html
    else:
        assert walked and all(code.startswith(world.community_a.code) for code in walked)
        assert not walked & b_codes
        assert "秋实" not in html


@by_role
def test_grid_listings_show_another_community_only_to_wider_scopes(client, world, holder):
    role, user = holder
    client.force_login(user)
    pages = [client.get(reverse("grids:browse")), client.get(reverse("grids:report"))]
    if not policy.may(user, VIEW_GRID):
        assert [p.status_code for p in pages] == [403, 403]
        return
    visible = policy.visible(user, VIEW_GRID, GridNode.objects.all())
    pages += [client.get(reverse("grids:detail", args=[g.code])) for g in visible]
    assert all(p.status_code == 200 for p in pages)
    html = "".join(p.content.decode() for p in pages)
    if reaches_b(role):
        assert "秋实社区总网格" in html and "秋实1-1微网格" in html
    else:
        assert "秋实" not in html


# --- Opening -----------------------------------------------------------------------------------------


def _place_urls(code: str) -> list[str]:
    return [reverse("places:detail", args=[code]), f"/api/places/{code}", f"/api/places/{code}/children"]


def _grid_urls(code: str) -> list[str]:
    return [reverse("grids:detail", args=[code]), f"/api/grids/{code}"]


def _assert_not_found_like_missing(client, url: str):
    """Out of scope looks exactly like missing: 404 with the same JSON body, or the Chinese 404 page."""
    response = client.get(url)
    assert response.status_code == 404, url
    if url.startswith("/api/"):
        assert response.json() == {"detail": "未找到该对象，或您无权查看。"}
    else:
        assert "页面不存在" in response.content.decode()


def test_missing_places_and_grids_answer_the_same_404(client, world):
    client.force_login(user_with_role(Role.SYSTEM_ADMIN))
    for url in _place_urls(MISSING_PLACE) + _grid_urls(MISSING_GRID):
        _assert_not_found_like_missing(client, url)


@by_role
def test_places_and_grids_of_another_community_answer_404_unless_in_scope(client, world, holder):
    role, user = holder
    client.force_login(user)
    sees_grids = policy.may(user, VIEW_GRID)
    for place in b_places(world):
        for url in _place_urls(place.code):
            if reaches_b(role):
                assert client.get(url).status_code == 200, url
            else:
                _assert_not_found_like_missing(client, url)
    for grid in b_grids(world):
        for url in _grid_urls(grid.code):
            if reaches_b(role) and sees_grids:
                assert client.get(url).status_code == 200, url
            else:
                _assert_not_found_like_missing(client, url)


@by_role
def test_own_node_opens_and_neighbours_outside_scope_answer_404(client, world, holder):
    role, user = holder
    client.force_login(user)
    node = scope_node(world, SCOPE_OF_ROLE[role])
    own = [*_place_urls(node["place"].code)] if "place" in node else []
    own += [*_grid_urls(node["grid"].code)] if "grid" in node else []
    own = own or _place_urls(world.district.code)
    for url in own:
        assert client.get(url).status_code == 200, url
    places, grids = outside_in_a(world, SCOPE_OF_ROLE[role])
    for place in places:
        for url in _place_urls(place.code):
            _assert_not_found_like_missing(client, url)
    for grid in grids:
        for url in _grid_urls(grid.code):
            _assert_not_found_like_missing(client, url)


@by_role
def test_rule_and_selector_agree_on_every_place_grid_resident_and_assignment(world, holder, b_assignments):
    """``may(user, perm, obj)`` is ``obj in visible(user, perm, all rows)`` for every row of the world,
    for each permission of the app that owns the model."""
    _, user = holder
    for model, prefix in [
        (Place, "places."),
        (GridNode, "places."),
        (Person, "people."),
        (RoleAssignment, "accounts."),
    ]:
        for permission in sorted(name for name in policy.rules() if name.startswith(prefix)):
            visible = set(policy.visible(user, permission, model.objects.all()).values_list("pk", flat=True))
            for obj in model.objects.all():
                assert policy.may(user, permission, obj) is (obj.pk in visible), (permission, model, obj.pk)


# --- Role assignments --------------------------------------------------------------------------------


@pytest.fixture
def b_assignments(world):
    """Assignments inside community B, made by B's own secretary."""
    secretary_b = user_with_role(
        Role.COMMUNITY_SECRETARY, place=world.community_b, name="秋实书记", phone="13600000001"
    )
    made = []
    for name, phone, role, node in [
        ("秋实网格员", "13600000002", Role.GRID_WORKER, {"grid": world.grid_b1}),
        ("秋实楼道长", "13600000003", Role.STAIRWELL_LEADER, {"place": world.unit_of(world.compound_b1)}),
        ("秋实居民", "13600000004", Role.RESIDENT, {"place": world.households[world.compound_b1.code][0]}),
    ]:
        target = UserFactory(name=name, phone=phone)
        made.append(assignment_grant(actor=secretary_b, user=target, role=role, **node))
    return made


@by_role
def test_role_list_never_shows_assignments_of_another_community(client, world, holder, b_assignments):
    role, user = holder
    client.force_login(user)
    pages = [
        client.get(reverse("roles:list")),
        client.get(reverse("roles:list"), {"q": "13600000002"}),
        client.get(reverse("roles:list"), {"q": "秋实", "include_ended": "on"}),
        client.get(reverse("roles:list"), {"role": Role.GRID_WORKER}),
    ]
    if not policy.may(user, VIEW_ASSIGNMENT):
        assert {p.status_code for p in pages} == {403}
        return
    assert {p.status_code for p in pages} == {200}
    html = "".join(p.content.decode() for p in pages)
    names = ["秋实网格员", "秋实楼道长", "秋实居民", "秋实家园", "秋实第一网格", "136****000"]
    if reaches_b(role):
        assert all(name in html for name in names if name != "秋实家园")
    else:
        assert not [name for name in names if name in html]


def _grant(client, *, phone, kind, code, role=Role.VOLUNTEER):
    data = {"phone": phone, "name": "新志愿者", "role": role, "scope_kind": kind, "scope_code": code}
    return client.post(reverse("roles:grant"), data)


@by_role
def test_granting_a_role_in_another_community_is_refused_and_writes_nothing(client, world, holder):
    role, user = holder
    client.force_login(user)
    in_place = _grant(client, phone="13500000001", kind="place", code=world.compound_b1.code)
    in_grid = _grant(client, phone="13500000002", kind="grid", code=world.micro_b1.code)
    created = RoleAssignment.objects.filter(user__phone__in=["13500000001", "13500000002"])
    if not policy.may(user, MANAGE_ASSIGNMENT):
        assert (in_place.status_code, in_grid.status_code) == (403, 403)
    elif reaches_b(role):
        assert (in_place.status_code, in_grid.status_code) == (302, 302)
        assert created.count() == 2
        return
    else:
        assert (in_place.status_code, in_grid.status_code) == (200, 200)
        assert "找不到该地点编码，或不在您的管辖范围内" in in_place.content.decode()
        assert "找不到该网格编码，或不在您的管辖范围内" in in_grid.content.decode()
    assert not created.exists()
    assert not User.objects.filter(phone__in=["13500000001", "13500000002"]).exists()
    assert not RoleAssignmentEvent.objects.filter(assignment__place__code__startswith="430699001002").exists()


MANAGERS_SCOPED_IN_A = [r for r in ROLES if r in APPOINTABLE_BY and SCOPE_OF_ROLE[r] != "global"]


@pytest.mark.parametrize(
    "holder", MANAGERS_SCOPED_IN_A, indirect=True, ids=[str(r) for r in MANAGERS_SCOPED_IN_A]
)
def test_a_manager_appoints_at_their_own_node_and_an_event_is_written(client, world, holder):
    role, user = holder
    client.force_login(user)
    node = scope_node(world, SCOPE_OF_ROLE[role])
    kind = "grid" if "grid" in node else "place"
    response = _grant(client, phone="13500000003", kind=kind, code=node[kind].code)
    assert response.status_code == 302, response.content.decode()
    assignment = RoleAssignment.objects.get(user__phone="13500000003", role=Role.VOLUNTEER, **node)
    assert list(assignment.events.values_list("kind", "actor")) == [("granted", user.pk)]


@by_role
def test_revoking_an_assignment_of_another_community_answers_404_and_changes_nothing(
    client, world, holder, b_assignments
):
    role, user = holder
    client.force_login(user)
    target = b_assignments[0]
    response = client.post(reverse("roles:revoke", args=[target.pk]))
    target.refresh_from_db()
    if reaches_b(role) and policy.may(user, VIEW_ASSIGNMENT):
        assert response.status_code == 302
        assert target.revoked_by == user
        return
    assert response.status_code == 404
    assert target.revoked_at is None and target.is_active
    assert list(target.events.values_list("kind", flat=True)) == ["granted"]


def test_community_secretary_of_a_appoints_in_a_but_not_in_b(client, world):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    client.force_login(secretary)
    refused = _grant(client, phone="13500000010", kind="grid", code=world.grid_b1.code, role=Role.GRID_WORKER)
    assert refused.status_code == 200
    assert "不在您的管辖范围内" in refused.content.decode()
    assert not RoleAssignment.objects.filter(grid=world.grid_b1).exists()
    assert not RoleAssignmentEvent.objects.exists()

    granted = _grant(client, phone="13500000010", kind="grid", code=world.grid_a1.code, role=Role.GRID_WORKER)
    assert granted.status_code == 302
    assignment = RoleAssignment.objects.get(
        user__phone="13500000010", role=Role.GRID_WORKER, grid=world.grid_a1
    )
    assert assignment.created_by == secretary
    assert list(RoleAssignmentEvent.objects.values_list("assignment", "kind", "actor")) == [
        (assignment.pk, "granted", secretary.pk)
    ]


# --- Anonymous ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/"),
        ("get", "/places/"),
        ("get", "/places/430699001002/"),
        ("get", "/grids/"),
        ("get", "/grids/report/"),
        ("get", "/grids/430699001002001/"),
        ("get", "/roles/"),
        ("get", "/roles/grant/"),
        ("post", "/roles/grant/"),
        ("post", "/roles/1/revoke/"),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/api/me",
        "/api/places/",
        "/api/places/430699001002",
        "/api/places/430699001002/children",
        "/api/grids/430699001002001",
    ],
)
def test_anonymous_api_calls_answer_401(client, world, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录。"}


def test_grant_form_does_not_tell_whether_a_grid_of_another_community_exists(client, world):
    """Regression: ?code= preselected 网格 for any existing grid code, in scope or not."""
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    other = client.get(reverse("roles:grant"), {"code": world.grid_b1.code}).context["form"]
    missing = client.get(reverse("roles:grant"), {"code": MISSING_GRID}).context["form"]
    own = client.get(reverse("roles:grant"), {"code": world.grid_a1.code}).context["form"]
    assert other.initial["scope_kind"] == missing.initial["scope_kind"] == "place"
    assert own.initial["scope_kind"] == "grid"
