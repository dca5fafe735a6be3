from django.db.models import Q

from linli.core import policy

from . import rules
from .models import RoleAssignment


def assignment_visible_to(user, *, include_ended: bool = False, q: str = "", role: str = ""):
    qs = RoleAssignment.objects.select_related("user", "place", "grid", "created_by")
    if not include_ended:
        qs = qs.active()
    if q:
        qs = qs.filter(Q(user__name__contains=q) | Q(user__phone=q))
    if role:
        qs = qs.filter(role=role)
    return policy.visible(user, rules.VIEW_ASSIGNMENT, qs).order_by("-created_at")


def assignment_get_for_user(*, user, pk: int) -> RoleAssignment:
    return policy.get_visible_or_404(
        user, rules.VIEW_ASSIGNMENT, RoleAssignment.objects.select_related("user", "place", "grid"), pk=pk
    )
