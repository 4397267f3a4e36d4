"""The `infogov` command: the project's manage.py.

`infogov deadline ...` is answered before Django starts, so it needs no database,
no `.env` and no environment variables.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "deadline":
        from infogov.clocks.cli import main as deadline_main

        return deadline_main(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infogov.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        # A configuration problem is one plain line, never a stack trace.
        print(f"infogov: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
