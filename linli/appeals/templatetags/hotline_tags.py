"""Template tags of the 12345 exchange."""

from django import template

from linli.core import policy

from .. import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def may_exchange_hotline(context) -> bool:
    """Whether the page's user may open the 12345 import/export page (so no link leads to a 403)."""
    user = context.get("user")
    return user is not None and policy.may(user, rules.RECEIVE_APPEAL)
