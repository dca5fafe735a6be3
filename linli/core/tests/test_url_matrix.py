"""The URL matrix: every URL and every API operation, asked by everyone, answers what the table says.

What is enumerated (nothing is left out silently):

* every URL pattern of the resolver (``get_resolver()``, nested includes walked), by URL name, or by
  ``route:<route>`` for an unnamed pattern (Open311's catch-all, the admin's object redirects);
* every operation of the django-ninja API, method by method, from its OpenAPI schema, keyed
  ``"<METHOD> <path>"``; the API's own URL patterns must each be the path of some operation (or have an
  entry of their own: the schema, the docs, the root);
* the paths served outside the resolver: ``/static/`` (WhiteNoise) and ``/media/`` (not served: uploads
  are only reachable through views that check the scope).

The table (url_matrix_table.py) has one entry per key. A key without an entry, or an entry whose key no
longer exists, fails :func:`test_every_url_and_operation_has_an_entry_and_every_entry_exists`; a
missing entry also fails its matrix test, which prints the line to paste, filled with what it observed.

Who asks (callers):

* anonymous;
* for each role of linli.core.roles.Role, a holder scoped inside community A (春晖, the node of
  accounts/tests/test_scope_matrix.SCOPE_OF_ROLE), asking for the objects of A (in scope, as far as
  that node reaches) — column ``a``;
* for each role but the global 系统管理员, the same role held inside community B (秋实: the mirrored
  household, 楼道, 小区, 网格 or, for 街道/区-wide roles, the community), asking for the same objects
  of A (out of scope) — column ``b``. Only URLs that take an object ask column ``b``; for the others
  the answer would only repeat column ``a`` (lists are checked for leaks in column ``a``).

What is checked, for each caller: the status is exactly the one in the table (never a 500, nor an
exception); a page asked anonymously that answers 302 sends to the log-in page; a 2xx answer to a
holder whose scope does not reach the other community names nothing of it (no 秋实 for A, no 春晖 for
B) unless the entry says ``shows_other=True``; an unsafe API operation (POST/PUT/PATCH/DELETE) asked
by an anonymous or out-of-scope caller answers 401/403/404 and writes nothing (no INSERT/UPDATE/DELETE
outside the session, rate-counter and audit tables).

Every request runs in a savepoint that is rolled back, so callers cannot change what the next one sees.
Pages are asked with GET (a POST-only view answers 405 to GET, and the table says so); API operations
with their own method and the entry's minimal body (``{}`` unless the entry gives one).

The admin site: each registered model's six URLs are asked by anonymous, the 系统管理员 and one holder
of another role (a 社区书记 of A) — ``AdminSite.admin_view`` decides before any model code runs, so one
non-administrator stands for all; the admin's own pages (index, login, …) are asked by everyone.

Cost: 264 entries × 22 callers, plus 123 entries that take an object × 20 out-of-scope holders, plus
67 admin models × 6 pages × 2–3 callers ≈ 9,100 requests. Asking every role everywhere was measured
and kept: the module (668 tests) runs in about 2 min wall clock on SQLite and 4 min on PostgreSQL on
two shared cores (see docs/security.md); the world is built once per module (about a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from linli.accounts.tests.test_scope_matrix import REACHES_B, SCOPE_OF_ROLE, scope_node
from linli.api import api
from linli.core.roles import Role
from linli.core.tests import url_matrix_table as table
from linli.core.tests.url_matrix_world import build
from linli.places.tests.factories import make_world, user_with_role

TABLE_FILE = "linli/core/tests/url_matrix_table.py"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: Tables a refused request may still write: its session, the rate counters, the audit of the attempt.
WRITES_ALLOWED = ("django_session", "core_ratecounter", "audit_", "accounts_loginattempt")
ROLES = sorted(SCOPE_OF_ROLE, key=list(Role).index)
MARK = {"A": "春晖", "B": "秋实"}


# --- Enumeration -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    key: str
    route: str  # as in the resolver, or the API path with {param}
    method: str = "GET"
    pattern: URLPattern | None = None
    admin_model: str = ""  # "app_label.model" for the admin's per-model URLs
    admin_view: str = ""


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p


def _api_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _admin_models() -> dict[str, str]:
    """{"app_model" url prefix: "app_label.model"} of the models registered in the admin."""
    return {
        f"{m._meta.app_label}_{m._meta.model_name}": f"{m._meta.app_label}.{m._meta.model_name}"
        for m in admin.site._registry
    }


ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change")


def enumerate_targets() -> tuple[dict[str, Target], list[str]]:
    """Every URL and API operation as {key: Target}, and the API URL patterns no operation covers."""
    targets: dict[str, Target] = {}
    operations = api.get_openapi_schema(path_prefix="/api/")["paths"]
    op_paths = set(operations)
    uncovered_api: list[str] = []
    admin_prefixes = _admin_models()
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("api/") and name not in table.API_OWN_PAGES:
            if _api_path(route) not in op_paths:
                uncovered_api.append(f"{name or route}  ({route})")
            continue
        if route.startswith("admin/"):
            model_view = _admin_target(route, name, admin_prefixes)
            if model_view:
                model, view = model_view
                key = f"admin:{model}:{view}"
                targets[key] = Target(key, route, pattern=pattern, admin_model=model, admin_view=view)
                continue
        key = name or f"route:{route}"
        targets[key] = Target(key, route, pattern=pattern)
    for path, ops in operations.items():
        for method in ops:
            key = f"{method.upper()} {path}"
            targets[key] = Target(key, path, method=method.upper())
    for key in table.OUTSIDE_RESOLVER:
        targets[key] = Target(key, key)
    return targets, uncovered_api


def _admin_target(route: str, name: str | None, prefixes: dict[str, str]) -> tuple[str, str] | None:
    if name and name.startswith("admin:"):
        short = name.removeprefix("admin:")
        for view in ADMIN_VIEWS:
            prefix = short.removesuffix(f"_{view}")
            if prefix != short and prefix in prefixes:
                return prefixes[prefix], view
        return None
    match = re.fullmatch(r"admin/(\w+)/(\w+)/<path:object_id>/", route)
    if match and f"{match[1]}_{match[2]}" in prefixes:
        return prefixes[f"{match[1]}_{match[2]}"], "redirect"
    return None


TARGETS, UNCOVERED_API = enumerate_targets()


def expected_keys() -> set[str]:
    keys = set(table.EXPECTATIONS)
    for model, views in table.ADMIN_MODELS.items():
        keys |= {f"admin:{model}:{view}" for view in (*ADMIN_VIEWS, "redirect")}
        del views
    return keys


def test_every_url_and_operation_has_an_entry_and_every_entry_exists():
    missing = sorted(set(TARGETS) - expected_keys())
    stale = sorted(expected_keys() - set(TARGETS))
    problems = []
    admin_missing = sorted({TARGETS[k].admin_model for k in missing if TARGETS[k].admin_model})
    for model in admin_missing:
        problems.append(
            f'admin model {model} has no entry: add  "{model}": ADMIN_DEFAULT,  to ADMIN_MODELS in '
            f"{TABLE_FILE} (or the statuses its admin pages answer the 系统管理员)"
        )
    for key in missing:
        if not TARGETS[key].admin_model:
            problems.append(
                f'{key} ({TARGETS[key].route}) has no entry: add  "{key}": E(anon=…, a=…, b=…),  to '
                f"EXPECTATIONS in {TABLE_FILE}; run this module and the failing test_url_answers_as_listed"
                f"[{key}] prints the line it observed, to check and paste"
            )
    for key in stale:
        problems.append(f"{key} is in {TABLE_FILE} but no such URL or operation exists any more: remove it")
    for name in UNCOVERED_API:
        problems.append(f"API URL pattern {name} is not the path of any OpenAPI operation")
    assert not problems, "\n".join(problems)


def test_the_callers_cover_every_role():
    assert set(ROLES) == set(Role.values)


# --- The world and the callers -----------------------------------------------------------------------


def _b_node(world, kind: str) -> dict | None:
    b1 = world.compound_b1
    return {
        "global": None,
        "household": {"place": world.households[b1.code][0]},
        "unit": {"place": world.unit_of(b1)},
        "compound": {"place": b1},
        "micro_grid": {"grid": world.micro_b1},
        "general_grid": {"grid": world.grid_b1},
        "community": {"place": world.community_b},
        "street": {"place": world.community_b},
        "district": {"place": world.community_b},
    }[kind]


@dataclass
class Caller:
    label: str  # "anonymous", or "<role>@A" / "<role>@B"
    side: str  # "", "A" or "B"
    role: str
    client: Client
    sees_other: bool  # their scope reaches the other community too


@dataclass
class Matrix:
    world: object
    objects: dict
    anonymous: Caller
    in_a: dict[str, Caller]
    in_b: dict[str, Caller]


def _client(user=None) -> Client:
    client = Client(raise_request_exception=True)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The world, built once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = make_world()
        objects = build(world)
        in_a, in_b = {}, {}
        for role in ROLES:
            kind = SCOPE_OF_ROLE[role]
            # As in the demo (accounts/demo.py): the system administrator is the Django superuser.
            extra = {"is_staff": True, "is_superuser": True} if role == Role.SYSTEM_ADMIN else {}
            user = user_with_role(role, name=f"甲{role}", **scope_node(world, kind), **extra)
            in_a[role] = Caller(f"{role}@A", "A", role, _client(user), kind in REACHES_B)
            node = _b_node(world, kind)
            if node is not None:
                user = user_with_role(role, name=f"乙{role}", **node, **extra)
                in_b[role] = Caller(f"{role}@B", "B", role, _client(user), False)
        anonymous = Caller("anonymous", "", "", _client(), False)
        yield Matrix(world, objects, anonymous, in_a, in_b)
        transaction.set_rollback(True)


# --- Asking ------------------------------------------------------------------------------------------


class NoMapping(Exception):
    pass


def _value(target: Target, entry, name: str, m: Matrix) -> str:
    spec = table.KW.get(target.key, {}).get(name) or table.KWARGS.get(name)
    if spec is None:
        raise NoMapping(
            f"{target.key}: URL kwarg {name!r} has no mapping — add  {name!r}: '<kind>'  to KW[{target.key!r}] "
            f"(an object kind made by url_matrix_world.build, or '=constant') or to KWARGS in {TABLE_FILE}"
        )
    if spec.startswith("="):
        return spec[1:]
    attr = None
    if "." in spec:
        spec, attr = spec.split(".", 1)
    if spec not in m.objects:
        raise NoMapping(f"{target.key}: kind {spec!r} is not made by url_matrix_world.build — add it there")
    obj = m.objects[spec][0]  # always community A's object
    return str(getattr(obj, attr or ("code" if hasattr(obj, "code") and spec in table.CODED else "pk")))


def url_of(target: Target, entry, m: Matrix) -> str:
    if target.key in table.OUTSIDE_RESOLVER:
        return table.OUTSIDE_RESOLVER[target.key]
    if target.method != "GET" or target.route.startswith("/api/"):
        return re.sub(r"\{(\w+)\}", lambda g: _value(target, entry, g[1], m), target.route)
    kwargs = {name: _value(target, entry, name, m) for name in _kwarg_names(target)}
    route = target.route
    if "(?P<" in route or route.endswith("$"):
        # A regex route: fill the named groups, drop the anchors.
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda g: kwargs[g[1]], route)
        path = path.replace("^", "").replace("$", "").replace("\\.", ".")
        return "/" + path
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda g: kwargs[g[1]], route)
    return "/" + path


def _admin_url(target: Target, m: Matrix) -> str:
    from django.apps import apps

    model = apps.get_model(target.admin_model)
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return "/" + target.route.replace("<path:object_id>", str(first if first is not None else 0))


def _writes(queries) -> list[str]:
    found = []
    for q in queries:
        sql = q["sql"].lstrip().upper()
        if sql.startswith(("INSERT", "UPDATE", "DELETE")):
            table_name = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)"?', q["sql"], re.I)
            name = table_name[1] if table_name else sql[:40]
            if not name.lower().startswith(WRITES_ALLOWED):
                found.append(name)
    return found


@dataclass
class Answer:
    status: object  # int, or "EXC <type>: <message>"
    location: str = ""
    body: str = ""
    writes: tuple = ()


def ask(caller: Caller, method: str, url: str, body) -> Answer:
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        try:
            if method == "GET":
                response = caller.client.get(url)
            else:
                response = caller.client.generic(
                    method, url, data=__import__("json").dumps(body or {}), content_type="application/json"
                )
        except Exception as exc:  # noqa: BLE001 — a view that raises is what this test looks for
            transaction.set_rollback(True)
            return Answer(f"EXC {type(exc).__name__}: {str(exc)[:200]}")
        transaction.set_rollback(True)
    text = ""
    if response.status_code < 300 and not getattr(response, "streaming", False):
        content_type = response.get("Content-Type", "")
        if content_type.startswith(("text/", "application/json")):
            text = response.content.decode("utf-8", "replace")
    return Answer(response.status_code, response.get("Location", ""), text, tuple(_writes(queries)))


# --- The matrix --------------------------------------------------------------------------------------


def _callers(target: Target, entry, m: Matrix) -> list[tuple[str, Caller]]:
    """(column, caller) pairs asked for this target."""
    pairs = [("anon", m.anonymous)]
    if target.admin_model:
        pairs.append(("a", m.in_a[Role.SYSTEM_ADMIN]))
        if target.admin_view == "changelist":
            pairs.append(("a", m.in_a[Role.COMMUNITY_SECRETARY]))
        return pairs
    pairs += [("a", c) for c in m.in_a.values()]
    if (entry is None and takes_object(target)) or (entry is not None and entry.b is not None):
        pairs += [("b", c) for c in m.in_b.values()]
    return pairs


def _kwarg_names(target: Target) -> list[str]:
    if target.pattern is not None:
        return list(target.pattern.pattern.regex.groupindex)
    return re.findall(r"\{(\w+)\}", target.route)


def takes_object(target: Target) -> bool:
    """Does the URL name an object of community A (so that asking from B means out of scope)?"""
    for name in _kwarg_names(target):
        spec = table.KW.get(target.key, {}).get(name) or table.KWARGS.get(name) or ""
        if spec and not spec.startswith("=") and not spec.startswith("open311"):
            return True
    return False


def _expected(target: Target, entry, column: str, caller: Caller):
    if target.admin_model:
        if column == "anon":
            return 302
        if caller.role == Role.SYSTEM_ADMIN:
            return table.ADMIN_MODELS[target.admin_model].get(target.admin_view, table.ADMIN_DEFAULT_STATUS)
        return 302
    if column == "anon":
        return entry.anon
    return table.status_for(getattr(entry, column), caller.role)


def _observed_line(target: Target, rows: dict) -> str:
    """The table entry that would match what was observed (for a missing entry)."""
    anon = rows.get(("anon", ""), "?")
    parts = [f"anon={anon}"]
    for column in ("a", "b"):
        got = {role: s for (c, role), s in rows.items() if c == column}
        if got:
            parts.append(f"{column}={table.compact(got)}")
    return f'    "{target.key}": E({", ".join(parts)}),'


def _check_target(target: Target, entry, m: Matrix) -> list[str]:
    problems: list[str] = []
    url = _admin_url(target, m) if target.admin_model else url_of(target, entry, m)
    body = table.BODIES.get(target.key)
    if callable(body):
        body = body({kind: objects[0] for kind, objects in m.objects.items()})
    known = entry is not None or target.admin_model in table.ADMIN_MODELS
    rows: dict = {}
    for column, caller in _callers(target, entry, m):
        answer = ask(caller, target.method, url, body)
        rows[(column, caller.role)] = answer.status
        if not known:
            continue
        expected = _expected(target, entry, column, caller)
        if answer.status != expected:
            problems.append(f"{caller.label}: expected {expected}, got {answer.status} {answer.location}")
            continue
        if column == "anon" and answer.status == 302 and not target.route.startswith(("/api/", "api/")):
            default = "/admin/login/" if target.route.startswith("admin/") else "/accounts/login/"
            login = table.LOGIN_REDIRECTS.get(target.key, default)
            if not answer.location.startswith(login):
                problems.append(f"anonymous: redirected to {answer.location}, not {login}")
        if answer.body and not caller.sees_other and caller.side and not (entry and entry.shows_other):
            other = MARK["B" if caller.side == "A" else "A"]
            if other in answer.body:
                problems.append(
                    f"{caller.label}: the {answer.status} answer shows {other}… (another community)"
                )
        denied = column == "anon" or (column == "b" and not caller.sees_other)
        if target.method in UNSAFE and denied:
            if not (isinstance(answer.status, int) and answer.status in (401, 403, 404)):
                problems.append(f"{caller.label}: an unsafe call out of scope answered {answer.status}")
            if answer.writes:
                problems.append(
                    f"{caller.label}: a refused unsafe call wrote to {sorted(set(answer.writes))}"
                )
    if not known and target.admin_model:
        status = rows[("a", Role.SYSTEM_ADMIN)]
        problems.append(
            f"no entry for admin model {target.admin_model}: {target.admin_view} answered the "
            f"系统管理员 {status}; add it to ADMIN_MODELS in {TABLE_FILE}\n"
            f"ADMIN {target.admin_model} {target.admin_view} {status} {rows[('anon', '')]} "
            f"{rows[('a', Role.COMMUNITY_SECRETARY)]}"
        )
    elif not known:
        problems.append(
            f"no entry for {target.key} ({url}) in {TABLE_FILE}; it answered as below — check every "
            f"status is right, then add to EXPECTATIONS:\n{_observed_line(target, rows)}"
        )
    return problems


KEYS = sorted(set(TARGETS) | expected_keys())


@pytest.mark.parametrize("key", KEYS)
def test_url_answers_as_listed(matrix, db, key):
    target = TARGETS.get(key)
    if target is None:
        pytest.fail(f"{key} is listed in {TABLE_FILE} but no longer exists: remove the entry")
    entry = table.EXPECTATIONS.get(key)
    try:
        problems = _check_target(target, entry, matrix)
    except NoMapping as exc:
        pytest.fail(str(exc))
    assert not problems, f"{key} ({target.route}):\n  " + "\n  ".join(problems)
