from linli.core import policy

from . import rules
from .models import AccessEntry


def entries_visible_to(user):
    """Entries about objects inside the auditor's scope (a system admin sees all)."""
    return policy.visible(user, rules.VIEW_AUDIT, AccessEntry.objects.all()).select_related("actor")
