"""The sub-menu of the 走访巡查 pages: only the pages the user can open."""

from django.shortcuts import render as django_render
from django.urls import reverse

from linli.core import policy

from . import rules

_TABS = [
    ("todo", "待走访", "visits:todo", (rules.RECORD_VISIT,)),
    ("coverage", "覆盖率", "visits:coverage", (rules.VIEW_VISIT,)),
    ("history", "走访记录", "visits:history", (rules.VIEW_VISIT,)),
    ("alerts", "关爱预警", "visits:alerts", (rules.VIEW_CARE_ALERT,)),
    ("patrols", "一日三巡", "visits:patrols", (rules.CHECK_IN_PATROL, rules.VIEW_PATROL)),
    ("hazards", "安全隐患", "visits:hazards", (rules.VIEW_HAZARD,)),
]


def tabs_for(user) -> list[tuple[str, str, str]]:
    return [
        (key, label, reverse(name))
        for key, label, name, perms in _TABS
        if any(policy.may(user, p) for p in perms)
    ]


def render(request, template: str, context: dict):
    return django_render(request, template, {**context, "visit_tabs": tabs_for(request.user)})
