"""Role assignments: granting and revoking.

Invariants: a manager grants only roles their own role may appoint (core.roles.APPOINTABLE_BY) and only
at a node inside their own scope; only a global system administrator grants global roles; every grant
and revocation writes a RoleAssignmentEvent; nothing is deleted.
"""

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import APPOINTABLE_BY, GLOBAL_ROLES, Role
from linli.places.models import GridNode, Place

from .models import RoleAssignment, RoleAssignmentEvent, User, mobile_validator

_COMMUNITY_WIDTH = 12


def _covers(
    manager_place: str | None, manager_grid: str | None, *, place: Place | None, grid: GridNode | None
):
    if manager_place is None and manager_grid is None:
        return True  # a global assignment covers everything
    if place is not None:
        return manager_place is not None and place.code.startswith(manager_place)
    if grid is not None:
        if manager_grid is not None:
            return grid.code.startswith(manager_grid)
        # A community-or-wider place scope holds the community's grids (grid codes start with it).
        return len(manager_place) <= _COMMUNITY_WIDTH and grid.code.startswith(manager_place)
    return False  # a global target needs a global manager


def can_appoint(actor: User, *, role: str, place: Place | None = None, grid: GridNode | None = None) -> bool:
    """May ``actor`` grant ``role`` at this node (or globally when both are None)?"""
    for a in actor.active_assignments():
        if role in APPOINTABLE_BY.get(a.role, ()) and _covers(
            a.place_code, a.grid_code, place=place, grid=grid
        ):
            return True
    return False


def appointable_roles(actor: User) -> list[tuple[str, str]]:
    allowed = set()
    for a in actor.active_assignments():
        allowed |= APPOINTABLE_BY.get(a.role, frozenset())
    return [(value, label) for value, label in Role.choices if value in allowed]


def user_get_or_create(*, phone: str, name: str = "") -> tuple[User, str | None]:
    """The user with this mobile number; a new one gets a random initial password, returned once."""
    from django.core.exceptions import ValidationError

    phone = (phone or "").strip()
    try:
        mobile_validator(phone)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="phone") from None
    user = User.objects.filter(phone=phone).first()
    if user is not None:
        return user, None
    if not name.strip():
        raise DomainError("该手机号码尚未注册，请填写姓名以创建账号。", field="name")
    password = secrets.token_urlsafe(8)
    return User.objects.create_user(phone, password, name=name.strip()), password


@transaction.atomic
def assignment_grant(
    *,
    actor: User,
    user: User,
    role: str,
    place: Place | None = None,
    grid: GridNode | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
) -> RoleAssignment:
    """Give ``user`` the ``role`` at a node. Raises DomainError when the actor may not, or input is wrong."""
    if role not in Role.values:
        raise DomainError("未知的角色。", field="role")
    if place is not None and grid is not None:
        raise DomainError("负责范围只能选择一个地点或一个网格。", field="scope")
    if place is None and grid is None and role not in GLOBAL_ROLES:
        raise DomainError("请选择负责的地点或网格。", field="scope")
    if not can_appoint(actor, role=role, place=place, grid=grid):
        raise DomainError("您无权在该范围任命此角色。", field="role")
    valid_from = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < valid_from:
        raise DomainError("截止日期不能早于起始日期。", field="valid_to")
    duplicate = RoleAssignment.objects.active(on=valid_from).filter(
        user=user, role=role, place=place, grid=grid
    )
    if duplicate.exists():
        raise Conflict("此人已在该范围担任该角色。")
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        place=place,
        grid=grid,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
        created_by=actor,
    )
    RoleAssignmentEvent.objects.create(
        assignment=assignment, kind=RoleAssignmentEvent.Kind.GRANTED, actor=actor, note=note
    )
    user.forget_assignments()
    return assignment


@transaction.atomic
def assignment_revoke(*, actor: User, assignment: RoleAssignment, note: str = "") -> RoleAssignment:
    """End an assignment now. Raises DomainError if the actor may not, Conflict if already ended."""
    if not can_appoint(actor, role=assignment.role, place=assignment.place, grid=assignment.grid):
        raise DomainError("您无权免去该角色。")
    now = timezone.now()
    updated = RoleAssignment.objects.filter(pk=assignment.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    if updated != 1:
        raise Conflict("该任命已被免去。")
    RoleAssignmentEvent.objects.create(
        assignment=assignment, kind=RoleAssignmentEvent.Kind.REVOKED, actor=actor, note=note
    )
    assignment.refresh_from_db()
    return assignment
