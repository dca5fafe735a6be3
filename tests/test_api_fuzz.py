"""Fuzz the JSON API from its own OpenAPI schema (Schemathesis): no 5xx, every answer declared.

The schema is read from the running application's /api/openapi.json, in process through its WSGI
handler (no server). Every operation is fuzzed three times — anonymous, as staff of 春晖社区 and as a
resident of 春晖花园 — against a small world with data in each app, so that the ids and codes in the
paths sometimes name real rows. Sessions are real: the user logs in through the log-in form, and writes
carry the CSRF cookie and header a browser would send.

Checks on every answer: not a 5xx, the status code and content type are among those the operation
declares, the body validates against the declared schema. And a refused request (4xx) writes nothing:
the rows of the domain tables are counted before and after.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from linli.appeals.tests.factories import Cast
from linli.core.roles import Role
from linli.places.tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

#: Filled by the fixture: real ids and codes of the world, for the path parameters.
KNOWN: dict[str, list] = {}


def _world(world) -> dict[str, list]:
    """A little of everything in 春晖社区: appeals, a poll, a topic, a mediation case, a visit, a need and
    a project, party members and bodies, a candidate, notifications. Returns the ids per path name."""
    from linli.deliberation.tests.factories import Cast as Deliberation
    from linli.mediation.tests.factories import Team, register
    from linli.notifications.models import Notification
    from linli.notifications.services import notify
    from linli.owners.candidates import candidate_propose
    from linli.party.choices import BodyKind
    from linli.party.tests.factories import make_body, make_branch, member, seat
    from linli.projects import services as projects
    from linli.visits import services as visits
    from linli.votes.tests.factories import opinion_poll

    cast = Cast(world)
    home = cast.home
    appeals = [
        cast.report(),
        cast.report(text="小区门口的路灯不亮了，晚上走路看不清"),
        cast.report(is_public=True),
    ]
    poll = opinion_poll(world, cast.desk)
    talk = Deliberation(world)
    topic = talk.propose()
    case = register(Team(world))
    visit = visits.visit_record(actor=cast.desk, household=home, kind="monthly", outcome="met")
    branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1, name="吴书记")
    need = projects.need_add(
        actor=branch, compound=world.compound_a1, title="增设充电桩", category="safety", source="resident"
    )
    project = projects.project_create(
        actor=branch, compound=world.compound_a1, need=need, title="集中充电棚", kind="micro", budget="12000"
    )
    org = make_branch(world.compound_a1)
    body = make_body(world.compound_a1, kind=BodyKind.OWNERS_COMMITTEE, party_org=org)
    seat(body, "孙主任", role="主任", phone="13912345678")
    party_member = member(home)
    review = candidate_propose(actor=talk.owners, body=body, name="钱候选")
    notify(recipients=[cast.desk, cast.resident], kind="system", title="测试通知", body="一条测试通知")
    return {
        "appeal_id": [a.pk for a in appeals],
        "poll_id": [poll.pk],
        "pk": [topic.pk, case.pk, project.pk, need.pk, home.pk],
        "visit_id": [visit.pk],
        "member_id": [party_member.pk],
        "body_id": [body.pk],
        "review_id": [review.pk],
        "transfer_id": [],
        "notification_id": list(Notification.objects.values_list("pk", flat=True)),
        "code": [world.community_a.code, world.compound_a1.code, home.code, world.grid_a1.code],
        "name": ["accept", "dispatch", "rate", "note"],
        "action": ["approve", "open", "support", "accept", "close"],
        "users": {"staff": cast.secretary, "resident": cast.resident},
    }


def _log_in(user) -> Client:
    """Log in through the log-in form with the CSRF token the page hands out, as a browser does."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    answer = client.post(
        "/accounts/login/", {"username": user.phone, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


@pytest.fixture(params=["anonymous", "staff", "resident"])
def caller(request, world):
    known = _world(world)
    users = known.pop("users")
    KNOWN.clear()
    KNOWN.update(known)
    if request.param == "anonymous":
        return {"who": "anonymous", "cookies": {}, "headers": {}}
    user = users[request.param]
    if request.param == "staff":  # one person with the roles of 春晖社区 that use the API
        for role in (Role.MEDIATOR, Role.COMMUNITY_WORKER):
            user.assignments.create(role=role, place=world.community_a, valid_from=user.date_joined.date())
    client = _log_in(user)
    client.get("/api/me")  # the CSRF cookie, once the session is fresh
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return {
        "who": request.param,
        "cookies": cookies,
        "headers": {"X-CSRFToken": cookies.get("csrftoken", "")},
    }


@pytest.fixture
def api_schema(caller):
    """The schema the application itself serves, loaded through its WSGI handler."""
    from django.core.wsgi import get_wsgi_application

    # Like Django's test client: a request must not close the test's connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        loaded = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
        loaded.hook(flatmap_path_parameters)
        # The coverage phase (boundary values, every required field missing, wrong types, other methods:
        # about a hundred cases per operation) runs for staff, who reach the deepest code; anonymous
        # callers and residents get the random phase only, which keeps the whole fuzz within minutes.
        loaded.config.phases.coverage.enabled = caller["who"] == "staff"
        yield loaded
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


def flatmap_path_parameters(context, path_parameters):
    """Half of the time, the ids and codes in the path name rows of the world."""
    names = [n for n in path_parameters or () if KNOWN.get(n)]
    if not names:
        return st.just(path_parameters)
    real = st.fixed_dictionaries({n: st.sampled_from(KNOWN[n]) for n in names})
    return st.one_of(st.just(path_parameters), real.map(lambda chosen: {**path_parameters, **chosen}))


@pytest.fixture
def fuzz_limits(settings):
    """Rate limits off for the fuzz: a resident may record 10 appeals an hour, so after ten examples of
    POST /api/appeals/ every answer would be 429 and the rest of the fuzz would test the limiter only
    (it has its own tests: appeals/tests/test_rate_limit.py, core/tests/test_ratelimit.py)."""
    settings.LINLI_INTAKE_PER_HOUR = 0
    settings.LINLI_INTAKE_STAFF_PER_HOUR = 0
    settings.LINLI_REVEAL_PER_HOUR = 10_000  # (0 would refuse every reveal here)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    database=None,
)
@schema.parametrize()
def test_every_api_answer_is_declared_and_never_a_server_error(case, caller, fuzz_limits, row_counts):
    writes = case.method.upper() != "GET"
    before = row_counts() if writes else None
    response = case.call(cookies=caller["cookies"], headers=caller["headers"])
    case.validate_response(response, checks=CHECKS)
    if writes and response.status_code >= 400:
        after = row_counts()
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert not changed, (
            f"{case.method} {case.formatted_path} refused ({response.status_code}) but wrote {changed}"
        )
