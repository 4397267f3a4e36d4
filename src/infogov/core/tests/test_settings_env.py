"""Start-up configuration: bad values stop with a message that names the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

BASE_ENV = {"PATH": os.environ.get("PATH", ""), "INFOGOV_TESTING": "0"}


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infogov", "check"],
        env={**BASE_ENV, "PYTHONPATH": os.pathsep.join(sys.path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"INFOGOV_DEBUG": "maybe"}, "INFOGOV_DEBUG"),
        ({"INFOGOV_DEBUG": "0"}, "INFOGOV_SECRET_KEY"),
        ({"INFOGOV_DEBUG": "1", "DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        (
            {"INFOGOV_DEBUG": "1", "INFOGOV_SESSION_IDLE_MINUTES": "soon"},
            "INFOGOV_SESSION_IDLE_MINUTES",
        ),
        ({"INFOGOV_DEBUG": "1", "INFOGOV_BRAND_COLOUR": "red"}, "INFOGOV_BRAND_COLOUR"),
        ({"INFOGOV_DEBUG": "1", "INFOGOV_TRUSTED_PROXIES": "nginx"}, "INFOGOV_TRUSTED_PROXIES"),
        ({"INFOGOV_DEBUG": "0", "INFOGOV_SECRET_KEY": "x" * 60}, "INFOGOV_SECRET_KEY"),
    ],
)
def test_bad_setting_stops_start_up_naming_the_variable(env: dict[str, str], variable: str) -> None:
    result = run_check(**env)
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_development_starts_with_only_the_documented_variables(tmp_path: object) -> None:
    result = run_check(
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
        INFOGOV_DEBUG="1",
        INFOGOV_DEMO="1",
        INFOGOV_EMAIL_FILE_PATH=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
