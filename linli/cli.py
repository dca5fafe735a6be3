"""The `linli` command: Django's management commands under the project's own name.

linli migrate | linli demo [--scale district] | linli runserver | linli import-places FILE | …
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["linli", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
