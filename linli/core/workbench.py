"""我的工作台: each app may offer work items for a user through a module ``<app>.workbench`` with
``items(user) -> list[WorkItem]``; the home page gathers them in app order."""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class WorkItem:
    title: str
    count: int | None
    url: str
    hint: str = ""
    urgent: bool = False


def collect(user) -> list[WorkItem]:
    items: list[WorkItem] = []
    for config in apps.get_app_configs():
        if (
            not config.name.startswith("linli.")
            or config.name == "linli.core"
            or find_spec(f"{config.name}.workbench") is None
        ):
            continue
        items.extend(import_module(f"{config.name}.workbench").items(user))
    return items
