"""`infogov demo` loads the risks, plans and registrations demo data once."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infogov.core.demo import load_demo
from infogov.plans import models as plans
from infogov.registrations import models as registrations
from infogov.risks import models as risks

pytestmark = pytest.mark.django_db


def test_demo_loads_governance_data_once(api_as: Any) -> None:
    started = time.monotonic()
    loaded = load_demo()
    assert {"risks", "plans", "registrations"} <= set(loaded)
    assert time.monotonic() - started < 60
    assert 28 <= risks.Risk.objects.count() <= 32
    assert set(risks.Risk.objects.values_list("heading", flat=True)) == {
        "governance",
        "training",
        "records",
        "security",
        "requests",
    }
    assert risks.RiskReview.objects.count() >= 4 * risks.Risk.objects.count()
    assert plans.ActionPlan.objects.count() == 1
    assert plans.ProgressUpdate.objects.exists()
    assert plans.KpiValue.objects.count() >= 8 * 8
    statuses = set(plans.Assessment.objects.values_list("status", flat=True))
    assert statuses == {"completed", "in_progress"}
    assert registrations.Registration.objects.filter(tier=3).exists()
    assert (
        registrations.MemberExemption.objects.count()
        == plans.Person.objects.filter(kind="elected_member").count()
    )
    with CaptureQueriesContext(connection) as queries:
        assert load_demo() == []
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_demo_people_see_their_scope(api_as: Any) -> None:
    load_demo()
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    all_risks = api_as(users["siro"]).get("/api/risks/risks/", {"page_size": 100}).json()
    assert all_risks["count"] == risks.Risk.objects.count()
    mine = api_as(users["cr.officer"]).get("/api/risks/risks/", {"page_size": 100}).json()
    divisions = {r["division"] for r in mine["results"]}
    cr = plans.Division.objects.get(code="cr").pk
    assert divisions == {cr}
    assert all(
        r["residual_band"] in {"Low", "Medium", "High", "Very high"} for r in all_risks["results"]
    )
