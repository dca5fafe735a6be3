"""The sub-menu of the 议事协商 pages and a render helper that adds it."""

from django.shortcuts import render as django_render
from django.urls import reverse

from linli.core import policy

from . import rules

_TABS = [
    ("topics", "议题", "deliberation:topics", (rules.PARTICIPATE,)),
    ("meetings", "会议", "deliberation:meetings", (rules.PARTICIPATE,)),
    ("items", "督办", "deliberation:items", (rules.SUPERVISE_ITEM,)),
    ("stats", "统计与联席会议", "deliberation:stats", (rules.VIEW_CADENCE,)),
]


def tabs_for(user) -> list[tuple[str, str, str]]:
    return [
        (k, label, reverse(name))
        for k, label, name, perms in _TABS
        if any(policy.may(user, p) for p in perms)
    ]


def render(request, template: str, context: dict):
    return django_render(request, template, {**context, "delib_tabs": tabs_for(request.user)})
