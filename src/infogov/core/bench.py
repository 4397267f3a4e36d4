"""Benchmarks measured by `infogov bench` (never by timed unit tests).

Each app may have a `bench.py` with `BENCHMARKS = {"name": function}`; a function returns
a dict of measurements (and may print). Core measures a fresh migrate + demo and the API.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def fresh_demo() -> dict[str, Any]:
    """Time `migrate` + `demo` into a new SQLite file, as `make run` does."""
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "INFOGOV_DEBUG": "1",
            "INFOGOV_DEMO": "1",
            "INFOGOV_EMAIL_FILE_PATH": folder,
        }
        started = time.perf_counter()
        for args in (["migrate", "--noinput"], ["demo"]):
            subprocess.run(  # noqa: S603 - our own command
                [sys.executable, "-m", "infogov", *args],
                env=env,
                check=True,
                capture_output=True,
            )
        return {"migrate_and_demo_seconds": round(time.perf_counter() - started, 2)}


def measure(client: Client, url: str, repeat: int = 30) -> dict[str, Any]:
    """Median and 95th-percentile time of `url`, and its query count."""
    client.get(url)  # warm up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "url": url,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(sorted(timings)[int(len(timings) * 0.95) - 1], 1),
        "queries": len(queries),
    }


def bench_user(username: str = "ig.manager") -> Any:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    user = users.filter(username=username).first() or users.filter(is_superuser=True).first()
    if user is None:
        raise RuntimeError("Load the demo (infogov demo) or create a superuser first.")
    return user


def signed_in_client(username: str = "ig.manager") -> Client:
    """A browser-like client with a signed-in session."""
    client = Client()
    client.force_login(bench_user(username))
    return client


def token_client(username: str = "ig.manager") -> Client:
    """An API client signed in with a token, as scripts and other systems use the API."""
    from infogov.core.tokens import issue_token

    key = issue_token(bench_user(username), verified=True)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def api_and_pages() -> list[dict[str, Any]]:
    """API calls with a token (as scripts make them) and pages with a session."""
    from infogov.organisation.models import Person

    pages, api = signed_in_client(), token_client()
    first = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    api_urls = [
        "/api/organisation/people/",
        "/api/organisation/divisions/",
        f"/api/organisation/people/{first}/",
    ]
    page_urls = ["/organisation/people/", f"/organisation/people/{first}/", "/"]
    return [measure(api, url) for url in api_urls] + [measure(pages, url) for url in page_urls]


def search() -> list[dict[str, Any]]:
    """The global search page and API, council-wide (IG manager) and for one division."""
    results = []
    for username in ("ig.manager", "cr.officer"):
        pages, api = signed_in_client(username), token_client(username)
        for words in ("data", "INC-"):
            for client, url in ((pages, "/search/"), (api, "/api/search/")):
                measured = measure(client, f"{url}?q={words}")
                results.append({"user": username, **measured})
    return results


BENCHMARKS: dict[str, Callable[[], Any]] = {
    "demo": fresh_demo,
    "pages": api_and_pages,
    "search": search,
}
