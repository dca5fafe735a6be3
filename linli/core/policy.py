"""The policy layer: the ONE place that answers "may this user do this?" and "which rows may they see?".

Every app declares its permissions in its ``rules.py`` with :func:`rule`, naming the roles that grant
each one. A user's reach for a permission is the union of the scope nodes of their active role
assignments whose role grants it (:class:`Scope`). A scoped model says how its rows fall under a scope
with a classmethod ``scope_q(scope) -> Q``. Views, API endpoints and selectors only ever call
:func:`visible`, :func:`may`, :func:`require` and :func:`get_visible_or_404`.

Deny by default: an unknown permission is a programming error, an anonymous user has no scope, a role
not named by a rule grants nothing. Objects outside scope answer 404, so existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Exists, Model, Q, QuerySet
from django.http import Http404

#: Codes are digit strings; "~" sorts after every digit, so [code, code + "~") is the whole subtree.
_SUBTREE_END = "~"


@dataclass(frozen=True)
class Rule:
    name: str
    roles: frozenset[str]
    label: str
    relation_roles: frozenset[str] = frozenset()  # roles that reach rows through model.relation_q


@dataclass(frozen=True)
class Scope:
    """Where a user may act for one permission: everything, or subtrees of places and grids."""

    everything: bool = False
    place_codes: frozenset[str] = field(default_factory=frozenset)
    grid_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.place_codes or self.grid_codes)

    def covers_place(self, code: str) -> bool:
        return self.everything or any(code.startswith(p) for p in self.place_codes)

    def covers_grid(self, code: str) -> bool:
        return self.everything or any(code.startswith(g) for g in self.grid_codes)


EMPTY = Scope()
EVERYTHING = Scope(everything=True)

_RULES: dict[str, Rule] = {}


def rule(name: str, *, roles: Iterable[str], label: str, relation_roles: Iterable[str] = ()) -> str:
    """Declare permission ``name`` (``<app>.<verb>_<model>``); returns the name.

    ``roles`` reach rows by territory: everything under the nodes where the user holds them.
    ``relation_roles`` reach rows by relation instead (a handler signs the work orders dispatched to
    their unit, a resident rates their own appeal): a user holding any of them anywhere reaches the rows
    named by the model's ``relation_q(user, permission)``."""
    if name in _RULES:
        raise ImproperlyConfigured(f"permission {name} declared twice")
    _RULES[name] = Rule(
        name=name,
        roles=frozenset(str(r) for r in roles),
        label=label,
        relation_roles=frozenset(str(r) for r in relation_roles),
    )
    return name


def rules() -> dict[str, Rule]:
    return dict(_RULES)


def roles_granting(permission: str) -> frozenset[str]:
    try:
        return _RULES[permission].roles
    except KeyError:
        raise ImproperlyConfigured(f"unknown permission {permission}") from None


def minimal_codes(codes: Iterable[str]) -> frozenset[str]:
    """Drop codes that lie under another code of the set (their subtree is already included)."""
    kept: list[str] = []
    for code in sorted(set(codes)):
        if not kept or not code.startswith(kept[-1]):
            kept.append(code)
    return frozenset(kept)


def scope_for(user, permission: str) -> Scope:
    """The union of the scopes of ``user``'s active assignments whose role grants ``permission``."""
    roles = roles_granting(permission)
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    places: set[str] = set()
    grids: set[str] = set()
    for assignment in user.active_assignments():
        if assignment.role not in roles:
            continue
        if assignment.place_code is None and assignment.grid_code is None:
            return EVERYTHING
        if assignment.place_code:
            places.add(assignment.place_code)
        if assignment.grid_code:
            grids.add(assignment.grid_code)
    return Scope(place_codes=minimal_codes(places), grid_codes=minimal_codes(grids))


def subtree_q(field_name: str, codes: Iterable[str]) -> Q:
    """Rows whose code field lies in the subtree of any of ``codes`` (an index range per code)."""
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{f"{field_name}__gte": code, f"{field_name}__lt": code + _SUBTREE_END})
    return q


def _holds_relation_role(user, permission: str) -> bool:
    roles = _RULES[permission].relation_roles
    if not roles or user is None or not user.is_authenticated or not user.is_active:
        return False
    return any(a.role in roles for a in user.active_assignments())


def _reach_q(user, permission: str, model, scope: Scope, by_relation: bool) -> Q | None:
    """The filter for the rows ``user`` reaches (None: all rows). Territory through the model's
    ``scope_q``; relations (my own appeal, orders dispatched to my unit) through its
    ``relation_q(user, permission)``, which must not multiply rows (use subqueries, not joins)."""
    if scope.everything:
        return None
    q = model.scope_q(scope) if not scope.empty else Q(pk__in=[])
    relation = getattr(model, "relation_q", None)
    if by_relation and relation is not None:
        q |= relation(user, permission)
    return q


def visible(user, permission: str, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may reach with ``permission``."""
    scope = scope_for(user, permission)
    by_relation = _holds_relation_role(user, permission)
    if scope.empty and not by_relation:
        return queryset.none()
    q = _reach_q(user, permission, queryset.model, scope, by_relation)
    return queryset if q is None else queryset.filter(q)


def may(user, permission: str, obj: Model | None = None) -> bool:
    """May ``user`` use ``permission`` at all (obj None), or on ``obj``? Same answer as :func:`visible`."""
    scope = scope_for(user, permission)
    by_relation = _holds_relation_role(user, permission)
    if scope.empty and not by_relation:
        return False
    if obj is None:
        return True
    model = type(obj)
    q = _reach_q(user, permission, model, scope, by_relation)
    return q is None or model._default_manager.filter(q, pk=obj.pk).exists()


def permitted(user, permissions: Iterable[str], obj: Model) -> set[str]:
    """The ``permissions`` that ``user`` may use on ``obj`` — for each the answer of :func:`may` — with
    one query for all of them (a page that offers several actions on one object asks once)."""
    model = type(obj)
    out: set[str] = set()
    reach: dict[str, Q] = {}
    for permission in dict.fromkeys(permissions):
        scope = scope_for(user, permission)
        by_relation = _holds_relation_role(user, permission)
        if scope.empty and not by_relation:
            continue
        q = _reach_q(user, permission, model, scope, by_relation)
        if q is None:
            out.add(permission)
        else:
            reach[permission] = q
    if reach:
        manager = model._default_manager
        names = {permission: f"may_{i}" for i, permission in enumerate(reach)}
        row = (
            manager.filter(pk=obj.pk)
            .values(**{names[p]: Exists(manager.filter(q, pk=obj.pk)) for p, q in reach.items()})
            .first()
        )
        if row is not None:
            out.update(p for p in reach if row[names[p]])
    return out


def require(user, permission: str, obj: Model | None = None) -> None:
    """Raise PermissionDenied unless :func:`may`."""
    if not may(user, permission, obj):
        raise PermissionDenied


def get_visible_or_404(user, permission: str, queryset: QuerySet, **lookup) -> Model:
    """One row the user may reach, else 404 — whether it is missing or merely out of scope."""
    try:
        return visible(user, permission, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def acting_role(user, permission: str) -> str:
    """The role by which ``user`` uses ``permission`` (for event records); "" for the system."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    rule_ = _RULES[permission]
    for a in user.active_assignments():
        if a.role in rule_.roles or a.role in rule_.relation_roles:
            return a.role
    return ""
