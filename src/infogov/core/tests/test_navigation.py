"""Navigation offers each role the modules it can use; elected members get their own home."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    from infogov.conftest import pass_two_factor

    client = Client()
    client.force_login(user)
    pass_two_factor(client, user)
    return client


def _modules(user: Any) -> dict[str, str]:
    response = _client(user).get("/")
    return {item["label"]: item["url"] for item in response.context["nav_items"]}


def test_councillor_is_not_offered_registers_they_cannot_see(people: Any) -> None:
    modules = _modules(people.councillor)
    for label in ("Assets", "Risks", "Requests"):
        assert label not in modules, f"{label} offered to a councillor: {modules}"
    assert "Plans and KPIs" in modules


def test_a_module_the_role_may_only_add_to_links_to_its_form_not_an_empty_list(
    people: Any,
) -> None:
    # Anyone may report an incident; a councillor with no reports goes to the report form.
    assert _modules(people.councillor)["Incidents"] == reverse("incidents:report")
    # The IG team reads every incident: their link is the list.
    assert _modules(people.ig_manager)["Incidents"] == reverse("incidents:incident_list")


def test_owning_a_record_brings_its_module_into_the_navigation(people: Any) -> None:
    from infogov.assets.tests.factories import AssetFactory

    assert "Assets" not in _modules(people.staff)
    AssetFactory(owner=people.staff.person, division=people.staff.person.division)
    assert _modules(people.staff)["Assets"] == reverse("assets:informationasset_list")


def test_every_role_offered_a_module_finds_something_there(people: Any) -> None:
    """Derived from each Policy: a module in the navigation answers the role, never 403."""
    for name, user in people.all().items():
        client = _client(user)
        for label, url in _modules(user).items():
            response = client.get(url)
            assert response.status_code == 200, f"{name}: {label} ({url})"


def test_sections_a_role_cannot_see_are_not_offered(people: Any) -> None:
    response = _client(people.councillor).get(reverse("plans:kpi_list"))
    sections = {item["label"] for item in response.context["section_items"]}
    assert "KPIs" in sections
    assert "Actions" not in sections  # plan actions are their owners' and officers'


@time_machine.travel(dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC))
def test_elected_members_home_shows_kpis_against_target_and_plan_progress(people: Any) -> None:
    from infogov.plans.models import KpiValue
    from infogov.plans.tests.factories import ActionPlanFactory, KpiFactory, PlanActionFactory

    on_time = KpiFactory(name="SARs answered on time", target=Decimal("90"), unit="%")
    KpiValue.objects.create(
        kpi=on_time,
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 6, 30),
        value=Decimal("72.5"),
    )
    KpiFactory(name="Training compliance", target=Decimal("95"), unit="%")
    plan = ActionPlanFactory(year=2026, status="approved")
    PlanActionFactory(plan=plan, heading="records", status="completed", percent_complete=100)
    PlanActionFactory(plan=plan, heading="records", due_date=dt.date(2026, 8, 1))
    PlanActionFactory(plan=plan, heading="training", due_date=dt.date(2026, 12, 1))

    html = _client(people.councillor).get("/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    assert "Key performance indicators against target" in text
    assert "SARs answered on time 72.5% 90% Red (off track) Apr 2026" in text
    assert "Training compliance No data 95% No data" in text
    assert "IG action plan 2026/27: progress" in text
    assert "3 Actions in the plan" in text
    assert "Records management 2 1 1 0 50%" in text
    # The figures, not the actions: their titles stay with those who may see them.
    assert not re.search(r"Action \d", text)
    # The KPIs come first on a member's home.
    assert text.index("Key performance indicators") < text.index("Incidents and near misses")


def test_other_roles_home_has_no_member_panels(people: Any) -> None:
    from infogov.plans.tests.factories import KpiFactory

    KpiFactory(name="SARs answered on time")
    html = _client(people.staff).get("/").content.decode()
    assert "Key performance indicators against target" not in html
