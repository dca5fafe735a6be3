"""policy.permitted: many permissions on one object in one query, each answer that of policy.may."""

import pytest

from linli.appeals import rules
from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import Cast, category
from linli.core import policy

pytestmark = pytest.mark.django_db

APPEAL_PERMISSIONS = sorted(
    getattr(rules, name) for name in dir(rules) if name.isupper() and isinstance(getattr(rules, name), str)
)


def test_permitted_answers_as_may_for_every_permission_and_caller_in_one_query(
    world, django_assert_max_num_queries
):
    cast = Cast(world)
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    callers = [cast.resident, cast.other_resident, cast.desk, cast.secretary, cast.street, cast.handler]
    callers += [cast.outsider, cast.grid_worker]
    permissions = [p for p in APPEAL_PERMISSIONS if p in policy._RULES]
    assert len(permissions) > 5
    for user in callers:
        expected = {p for p in permissions if policy.may(user, p, appeal)}
        user.active_assignments()  # the roles are read once per user, as in a request
        with django_assert_max_num_queries(1):
            assert policy.permitted(user, permissions, appeal) == expected, user.name
    # Someone reaches it and someone does not: the comparison above is not empty on both sides.
    assert policy.permitted(cast.desk, permissions, appeal)
    assert not policy.permitted(cast.outsider, permissions, appeal)
