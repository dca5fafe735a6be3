from linli.core import policy

from . import rules
from .models import Person


def person_visible_to(user):
    return policy.visible(user, rules.VIEW_PERSON, Person.objects.all())


def household_members_for_user(*, user, household):
    """Members of a household the user may see (empty when they may not see residents at all)."""
    return list(person_visible_to(user).filter(household=household).order_by("id"))
