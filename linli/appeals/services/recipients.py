"""Who hears of what (the outbox does the sending)."""

from __future__ import annotations

from django.db.models import Q

from linli.accounts.models import RoleAssignment, User
from linli.core.policy import roles_granting
from linli.places.codes import place_ancestor_codes

from ..models import Appeal


def handlers_of(appeal: Appeal) -> list[User]:
    if appeal.assignee_id:
        return [appeal.assignee]
    if appeal.unit_id:
        return list(appeal.unit.members.filter(is_active=True))
    return []


def reporters_of(appeal: Appeal) -> list[User]:
    """The reporter and the reporters of every appeal merged into this one."""
    users = {a.reporter for a in [appeal, *appeal.merged.select_related("reporter")] if a.reporter_id}
    return sorted(users, key=lambda u: u.pk)


def holders_covering(appeal: Appeal, permission: str) -> list[User]:
    """Users holding a role that grants ``permission`` at a node above or at the appeal's place/grid."""
    roles = roles_granting(permission)
    codes = [*place_ancestor_codes(appeal.place_code), appeal.place_code] if appeal.place_code else []
    grid_codes = [appeal.grid_code[:w] for w in (12, 15, 18) if len(appeal.grid_code) >= w]
    q = Q(place__code__in=codes) | Q(grid__code__in=grid_codes) | Q(place__isnull=True, grid__isnull=True)
    user_ids = RoleAssignment.objects.active().filter(q, role__in=roles).values("user")
    return list(User.objects.filter(pk__in=user_ids, is_active=True))
