"""Template tags of 红色物业: the section tabs, each shown only to those who may open it."""

from django import template
from django.urls import reverse

from linli.core import policy

from .. import rules

register = template.Library()

TABS = (
    ("board", "红黑榜", "property:board", rules.VIEW_PROPERTY),
    ("fees", "物业费收缴", "property:fees", rules.VIEW_FEES),
    ("disputes", "物业纠纷", "property:disputes", rules.VIEW_DISPUTES),
    ("campaigns", "集中整治", "property:campaigns", rules.VIEW_PROPERTY),
)


@register.inclusion_tag("property/_tabs.html", takes_context=True)
def property_tabs(context, current: str):
    user = context.get("user")
    tabs = [(key, label, reverse(name)) for key, label, name, perm in TABS if user and policy.may(user, perm)]
    return {"tabs": tabs, "current": current}
