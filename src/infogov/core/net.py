"""The client's address, for lockout and rate limits, behind trusted reverse proxies only.

`INFOGOV_TRUSTED_PROXIES` (see `.env.example`) says which proxies may be believed:

* unset or 0: none. The address is the connection's (`REMOTE_ADDR`) and
  `X-Forwarded-For` is ignored, because any client can send it.
* a number N: exactly N proxies stand in front of InfoGov; each appends the address it
  saw to `X-Forwarded-For`, so the client is the Nth address from the right.
* addresses or networks: walking from the connection leftwards through
  `X-Forwarded-For`, the first address not in these networks is the client.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: Any) -> str:
    """The address of the client that sent `request` (a Django or DRF request), or ""."""
    meta = getattr(request, "META", {})
    # No usable connection address (a request built in code): "", which address fields
    # store as no address at all.
    remote = str(_address(str(meta.get("REMOTE_ADDR") or "")) or "")
    trusted = getattr(settings, "INFOGOV_TRUSTED_PROXIES", 0)
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    if not trusted or not forwarded:
        return remote
    chain = [part.strip() for part in forwarded.split(",") if part.strip()]
    if isinstance(trusted, int):
        # The last N-1 entries were added by our own inner proxies; the one before is the client.
        hops = chain[-trusted:] if len(chain) >= trusted else chain
        candidate = hops[0] if hops else remote
        return str(_address(candidate) or remote)
    remote_address = _address(remote)
    if remote_address is None or not any(remote_address in net for net in trusted):
        return remote  # not connected through a trusted proxy: believe nothing it forwarded
    client = remote_address
    for part in reversed(chain):
        address = _address(part)
        if address is None:
            break  # a malformed entry: stop at the last address we could trust
        client = address
        if not any(address in net for net in trusted):
            break
    return str(client)
