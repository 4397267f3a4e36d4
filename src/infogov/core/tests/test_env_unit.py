"""The typed environment helpers used by settings.py."""

from __future__ import annotations

import pytest

from infogov.core.env import (
    ConfigError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_secret,
)


def test_booleans_accept_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw, expected in [("1", True), ("yes", True), ("off", False), ("", False)]:
        monkeypatch.setenv("X_BOOL", raw)
        assert env_bool("X_BOOL", not expected) is expected
    monkeypatch.delenv("X_BOOL")
    assert env_bool("X_BOOL", True) is True


def test_integers_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", "5")
    assert env_int("X_INT", 1, minimum=1) == 5
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ConfigError, match="X_INT must be at least 1"):
        env_int("X_INT", 1, minimum=1)
    monkeypatch.setenv("X_INT", "many")
    with pytest.raises(ConfigError, match="X_INT must be a whole number"):
        env_int("X_INT", 1)


def test_lists_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]


def test_secrets_must_be_long_and_random(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_SECRET", "short")
    with pytest.raises(ConfigError, match="X_SECRET"):
        env_secret("X_SECRET", development_default=None)
    monkeypatch.setenv("X_SECRET", "a1b2c3d4e5" * 6)
    assert env_secret("X_SECRET", development_default=None) == "a1b2c3d4e5" * 6
    monkeypatch.delenv("X_SECRET")
    assert env_secret("X_SECRET", development_default="dev") == "dev"


def test_database_urls(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("X_DB", f"sqlite:///{tmp_path}/sub/db.sqlite3")
    sqlite = database_from_url("X_DB", "")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    monkeypatch.setenv("X_DB", "postgres://u:p@localhost:5432/infogov")
    assert database_from_url("X_DB", "")["ENGINE"].startswith("django.db.backends.postgresql")
    monkeypatch.setenv("X_DB", "mysql://u:p@localhost/x")
    with pytest.raises(ConfigError, match="X_DB must start with"):
        database_from_url("X_DB", "")
