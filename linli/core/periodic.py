"""One round of the periodic work: every Linli app's ``tick.run()`` (deadlines and supervision cards,
notification retries, roll-ups, rate-limit and audit purges, partitions …), each returning one line."""

import logging
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

logger = logging.getLogger("linli.worker")


def run_all(now=None) -> list[str]:
    lines = []
    for config in apps.get_app_configs():
        if config.name.startswith("linli.") and find_spec(f"{config.name}.tick") is not None:
            lines.append(import_module(f"{config.name}.tick").run(now=now))
    return lines
