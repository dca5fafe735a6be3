"""The demo district. Each app may contribute a module ``<app>.demo`` with ``build(ctx: DemoContext)``;
``linli demo`` runs them in app order, so a later module can use what an earlier one made."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class Scale:
    name: str
    streets: int
    communities_per_street: int
    compounds: int
    general_grids: int
    micro_grids: int


SCALES = {
    # A default that starts in seconds: one street, three communities, ~20 小区, a few thousand households.
    "small": Scale(
        "small", streets=1, communities_per_street=3, compounds=20, general_grids=14, micro_grids=40
    ),
    # The district of 002 (岳阳楼区): 977 小区, 675 一般网格, 1,819 微网格.
    "district": Scale(
        "district", streets=9, communities_per_street=7, compounds=977, general_grids=675, micro_grids=1819
    ),
}

DEMO_PASSWORD = "linli2026"


@dataclass
class DemoContext:
    scale: Scale
    seed: int
    out: object  # a writer with .write(str)
    rng: random.Random = field(init=False)
    shared: dict = field(default_factory=dict)  # what one app's builder leaves for the next
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, scope, phone)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def say(self, text: str) -> None:
        self.out.write(text + "\n")


def builders():
    for config in apps.get_app_configs():
        if (
            config.name.startswith("linli.")
            and config.name != "linli.core"
            and find_spec(f"{config.name}.demo") is not None
        ):
            yield config.verbose_name, import_module(f"{config.name}.demo").build
