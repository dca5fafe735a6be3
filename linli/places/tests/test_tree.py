from linli.core.policy import Scope
from linli.places.choices import GridRelation, PlaceLevel
from linli.places.codes import child_code, place_ancestor_codes, place_level_of, place_parent_code
from linli.places.models import GridNode, Place
from linli.places.stats import classify_compound_grid_relation


def test_code_levels_and_ancestors_follow_fixed_widths():
    code = "430699001001001001010003"
    assert place_level_of(code) == PlaceLevel.HOUSEHOLD
    assert place_ancestor_codes(code) == [
        "430699",
        "430699001",
        "430699001001",
        "430699001001001",
        "430699001001001001",
        "43069900100100100101",
    ]
    assert place_parent_code("430699001") == "430699"
    assert place_parent_code("430699") is None
    assert place_level_of("43069900") is None
    assert place_level_of("４３０６９９") is None  # full-width digits are not a code


def test_child_code_pads_and_refuses_overflow():
    assert child_code("430699001001", PlaceLevel.COMPOUND, 7) == "430699001001007"
    import pytest

    with pytest.raises(ValueError):
        child_code("430699001001", PlaceLevel.COMPOUND, 1000)


def test_everything_under_a_node_is_one_code_range(world, django_assert_num_queries):
    scope = Scope(place_codes=frozenset({world.community_a.code}))
    with django_assert_num_queries(1):
        under = list(Place.objects.filter(Place.scope_q(scope)).values_list("code", flat=True))
    assert world.community_a.code in under
    assert all(code.startswith(world.community_a.code) for code in under)
    assert len(under) == 1 + 2 + 2 * (1 + 1 + 3)  # community, 2 小区, each 1 栋 1 单元 3 户


def test_grid_scope_sees_its_households_and_the_places_that_hold_them(world):
    scope = Scope(grid_codes=frozenset({world.micro_a1.code}))
    seen = set(Place.objects.filter(Place.scope_q(scope)).values_list("code", flat=True))
    a1 = world.compound_a1.code
    assert seen == {a1, a1 + "001", a1 + "00101", *[h.code for h in world.households[a1]]}


def test_narrow_place_scope_sees_only_grids_touching_its_households(world):
    scope = Scope(place_codes=frozenset({world.compound_a2.code}))
    seen = set(GridNode.objects.filter(GridNode.scope_q(scope)).values_list("code", flat=True))
    assert seen == {world.micro_a2.code, world.grid_a2.code}


def test_community_scope_sees_all_its_grids_by_code(world):
    scope = Scope(place_codes=frozenset({world.community_b.code}))
    seen = set(GridNode.objects.filter(GridNode.scope_q(scope)).values_list("code", flat=True))
    assert seen == {world.grid_total_b.code, world.grid_b1.code, world.micro_b1.code}


def test_compound_grid_relation_rule():
    assert classify_compound_grid_relation(set(), {}, "A") == GridRelation.NONE
    assert classify_compound_grid_relation({"g1"}, {"g1": {"A"}}, "A") == GridRelation.EQUAL
    assert classify_compound_grid_relation({"g1"}, {"g1": {"A", "B"}}, "A") == GridRelation.SMALLER
    assert (
        classify_compound_grid_relation({"g1", "g2"}, {"g1": {"A"}, "g2": {"A"}}, "A") == GridRelation.LARGER
    )
    assert (
        classify_compound_grid_relation({"g1", "g2"}, {"g1": {"A"}, "g2": {"A", "B"}}, "A")
        == GridRelation.CROSSING
    )
