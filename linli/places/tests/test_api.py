"""The places API answers with counts of what the caller may see."""

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role


def test_place_api_lists_my_roots_and_their_children_with_counts(client, world):
    """Regression: every answer with counts was a 500 (``residents`` is a property, not a field)."""
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    roots = client.get("/api/places/")
    assert roots.status_code == 200
    (community,) = roots.json()
    assert (community["code"], community["name"], community["level_label"]) == (
        world.community_a.code,
        "春晖社区",
        "社区/村",
    )
    assert community["counts"] == {
        "compounds": 2,
        "buildings": 2,
        "units": 2,
        "households": 6,
        "residents": 12,
        "grids": 2,
    }
    children = client.get(f"/api/places/{world.community_a.code}/children").json()
    assert [(c["name"], c["counts"]["households"], c["counts"]["residents"]) for c in children] == [
        ("春晖花园", 3, 6),
        ("春晖雅苑", 3, 6),
    ]
    assert client.get(f"/api/places/{world.compound_a1.code}").json()["counts"]["households"] == 3
