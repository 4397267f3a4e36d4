"""Typed helpers that read settings from the environment and fail loudly.

A bad value raises `ConfigError`, whose message names the variable, so start-up
stops with a line an administrator can act on.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import date
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A setting read from the environment is missing or malformed."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        super().__init__(f"{name} {problem}")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(name, f"must be 1 or 0 (true/false), not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(name, f"must be at least {minimum}, not {value}")
    return value


def env_date(name: str, default: str) -> date:
    raw = os.environ.get(name) or default
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ConfigError(name, f"must be a date like 1990-01-01, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def env_proxies(name: str) -> int | tuple[IPNetwork, ...]:
    """Trusted reverse proxies: a number of hops, or comma-separated addresses/networks.

    Unset, empty or 0 trusts no proxy (X-Forwarded-For is ignored).
    """
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return 0
    if raw.isdigit():
        hops = int(raw)
        if hops > 10:
            raise ConfigError(name, f"must be at most 10 proxy hops, not {hops}")
        return hops
    networks: list[IPNetwork] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                name,
                "must be a number of proxy hops (such as 1) or addresses and networks "
                f"separated by commas (such as 10.0.0.0/8,::1), not {item!r}",
            ) from None
    return tuple(networks)


def env_secret(name: str, *, development_default: str | None) -> str:
    raw = os.environ.get(name, "")
    if raw:
        if len(raw) < 50 or len(set(raw)) < 5:
            raise ConfigError(
                name, "must be at least 50 random characters (openssl rand -hex 32 gives 64)"
            )
        return raw
    if development_default is None:
        raise ConfigError(
            name, "is required unless INFOGOV_DEBUG=1 (generate one with: openssl rand -hex 32)"
        )
    return development_default


def database_from_url(
    name: str, default: str, *, debug: bool = False, sqlite_timeout: int = 20
) -> dict[str, Any]:
    raw = os.environ.get(name) or default
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(raw, conn_max_age=60))
    except Exception as exc:  # dj-database-url raises several kinds for bad URLs
        raise ConfigError(name, f"is not a database URL InfoGov understands: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for another's lock before "database is locked".
            "timeout": sqlite_timeout,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        path = config.get("NAME") or ""
        if path and path != ":memory:":
            parent = os.path.dirname(path)
            if parent:
                os.makedirs(parent, exist_ok=True)
    elif engine.startswith("django.db.backends.postgresql"):
        config.setdefault("OPTIONS", {})
    else:
        raise ConfigError(name, "must start with sqlite:/// or postgres://")
    if "TEST" not in config:
        config["TEST"] = {}
    return config
