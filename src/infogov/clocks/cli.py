"""``infogov deadline sar|foi|eir|breach WHEN... [--extended]``.

Prints one deadline per WHEN, in order, and nothing else on stdout. Every WHEN is checked
before anything is printed; any problem is reported as one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, NoReturn

from infogov.clocks.deadlines import breach_deadline, eir_due, foi_due, parse_london, sar_due

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["PROG", "main"]

PROG = "infogov deadline"
_KINDS = ("sar", "foi", "eir", "breach")
_EXTENDABLE = ("sar", "eir")


class _UsageError(Exception):
    """Raised instead of argparse's print-usage-and-exit."""


class _Exit(Exception):
    """Raised instead of SystemExit (e.g. after --help)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _OneLineParser(argparse.ArgumentParser):
    """ArgumentParser whose errors are a single line and which never calls sys.exit()."""

    def __init__(self, *, prog: str, description: str, out: IO[str]) -> None:
        super().__init__(prog=prog, description=description)
        self._out = out

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            raise _UsageError(message.strip())
        raise _Exit(status)

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        super().print_help(file if file is not None else self._out)

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        super().print_usage(file if file is not None else self._out)


def _build_parser(out: IO[str]) -> _OneLineParser:
    parser = _OneLineParser(
        prog=PROG,
        out=out,
        description="Print statutory response deadlines (Scottish working days).",
    )
    parser.add_argument("kind", choices=_KINDS, help="which deadline to calculate")
    parser.add_argument(
        "when",
        nargs="+",
        metavar="WHEN",
        help="ISO date (sar/foi/eir) or date-time (breach; UK time unless an offset is given)",
    )
    parser.add_argument(
        "--extended",
        action="store_true",
        help="extended period (sar: three months; eir: 40 working days)",
    )
    return parser


def _london_date(text: str) -> date:
    """An ISO date, or a date-time whose UK (London) calendar date is used."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_london(text).date()
    except ValueError as exc:
        if "does not exist" in str(exc):
            raise
        raise ValueError(f"invalid date {text!r} (expected YYYY-MM-DD)") from None


def _breach_line(text: str) -> str:
    aware_at: datetime = parse_london(text)
    return breach_deadline(aware_at).isoformat(timespec="seconds")


def _calculator(kind: str, extended: bool) -> Callable[[str], str]:
    if kind == "breach":
        return _breach_line
    if kind == "sar":
        return lambda text: sar_due(_london_date(text), extended=extended).isoformat()
    if kind == "eir":
        return lambda text: eir_due(_london_date(text), extended=extended).isoformat()
    return lambda text: foi_due(_london_date(text)).isoformat()


def main(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run ``infogov deadline``; ``argv`` is the arguments after ``deadline``.

    Returns 0 on success, 2 on a usage error and 1 on an invalid WHEN.
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["deadline"]:  # tolerate being handed the sub-command name too
        args_list = args_list[1:]

    def fail(message: str, status: int) -> int:
        err.write(f"{PROG}: error: {' '.join(message.split())}\n")
        return status

    parser = _build_parser(out)
    try:
        args = parser.parse_intermixed_args(args_list)
    except _UsageError as exc:
        return fail(str(exc), 2)
    except _Exit as exc:
        return exc.status

    kind: str = args.kind
    extended: bool = args.extended
    if extended and kind not in _EXTENDABLE:
        return fail(f"--extended is only allowed with {' or '.join(_EXTENDABLE)}, not {kind}", 2)

    calculate = _calculator(kind, extended)
    lines: list[str] = []
    for text in args.when:
        try:
            lines.append(calculate(text))
        except (ValueError, OverflowError) as exc:
            return fail(str(exc), 1)
    out.write("".join(f"{line}\n" for line in lines))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
