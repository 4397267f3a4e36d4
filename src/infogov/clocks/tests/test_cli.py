import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

import infogov.clocks
from infogov.clocks.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_sar_worked_examples_in_order() -> None:
    assert run("sar", "2026-01-30", "2026-03-06") == (0, "2026-03-02\n2026-04-06\n", "")


def test_sar_extended() -> None:
    assert run("sar", "2026-01-30", "--extended") == (0, "2026-04-30\n", "")
    assert run("sar", "--extended", "2026-01-30", "2026-03-06")[1] == "2026-04-30\n2026-06-08\n"


def test_foi_and_eir() -> None:
    assert run("foi", "2025-12-19") == (0, "2026-01-22\n", "")
    assert run("eir", "2025-12-19") == (0, "2026-01-22\n", "")
    assert run("eir", "2026-03-02", "--extended") == (0, "2026-04-28\n", "")


def test_datetime_accepted_for_dates_uses_london_date() -> None:
    assert run("foi", "2025-12-19T10:00") == (0, "2026-01-22\n", "")
    # 23:30 in New York on 29 Jan is 04:30 on 30 Jan in London.
    assert run("sar", "2026-01-29T23:30-05:00") == (0, "2026-03-02\n", "")


def test_breach() -> None:
    assert run("breach", "2026-03-27T16:00") == (0, "2026-03-30T17:00:00+01:00\n", "")
    assert run("breach", "2026-10-23T12:00", "2026-03-27") == (
        0,
        "2026-10-26T11:00:00+00:00\n2026-03-30T01:00:00+01:00\n",
        "",
    )


def test_breach_drops_microseconds() -> None:
    assert run("breach", "2026-07-01T09:15:30.123456") == (0, "2026-07-04T09:15:30+01:00\n", "")


def test_ambiguous_time_is_first_occurrence() -> None:
    # 01:30 BST on 25 Oct 2026 = 00:30 UTC; +72h = 00:30 GMT on 28 Oct.
    assert run("breach", "2026-10-25T01:30") == (0, "2026-10-28T00:30:00+00:00\n", "")


def test_subcommand_name_tolerated() -> None:
    assert run("deadline", "foi", "2025-12-19") == (0, "2026-01-22\n", "")


@pytest.mark.parametrize(
    "argv",
    [
        ("sar", "2026-02-30"),
        ("sar", "2026-01-30", "not-a-date"),
        ("foi", "yesterday"),
        ("breach", "2026-03-29T01:30"),
        ("breach", "2026-03-27T16:00", "2026-03-29T01:30"),
        ("sar", "2026-03-29T01:30"),
    ],
)
def test_bad_when_is_one_line_and_nothing_on_stdout(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code != 0
    assert out == ""
    assert err.startswith("infogov deadline: error: ")
    assert err.count("\n") == 1


def test_non_existent_time_message() -> None:
    _, _, err = run("breach", "2026-03-29T01:30")
    assert "does not exist" in err


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("sar",),
        ("dsar", "2026-01-30"),
        ("foi", "2025-12-19", "--extended"),
        ("breach", "2026-03-27T16:00", "--extended"),
        ("sar", "2026-01-30", "--bogus"),
    ],
)
def test_usage_errors_are_one_line_exit_2(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith("infogov deadline: error: ")
    assert err.count("\n") == 1
    assert "usage:" not in err


def test_help_goes_to_given_stdout() -> None:
    code, out, err = run("--help")
    assert code == 0
    assert "usage: infogov deadline" in out
    assert err == ""


def test_subprocess_with_empty_environment() -> None:
    src = Path(infogov.clocks.__file__).resolve().parents[2]
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(src)}
    code = "import sys; from infogov.clocks.cli import main; sys.exit(main())"
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", code, "sar", "2026-01-30", "2026-03-06"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "2026-03-02\n2026-04-06\n"
    assert done.stderr == ""
    assert "django" not in done.stderr.lower()

    bad = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-c", code, "breach", "2026-03-29T01:30"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert bad.returncode != 0
    assert bad.stdout == ""
    assert bad.stderr.count("\n") == 1
