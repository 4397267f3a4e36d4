"""Headless Chromium + axe-core over risks, plans and registrations pages (marker `browser`)."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from infogov.core.demo import DemoContext
from infogov.core.services import system_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.REPO_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or not AXE.exists():
        pytest.skip("chromium or axe-core is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


@pytest.fixture
def server(live_server: Any, settings: Any) -> Any:
    from infogov.organisation import demo as organisation_demo
    from infogov.plans import demo as plans_demo
    from infogov.registrations import demo as registrations_demo
    from infogov.risks import demo as risks_demo

    settings.DEMO = True
    for module in (organisation_demo, risks_demo, plans_demo, registrations_demo):
        module.load(
            DemoContext(
                anchor=timezone.localdate(), actor=system_user(), rng=random.Random("browser")
            )
        )
    return live_server


def violations(page: Any) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    return list(
        page.evaluate(
            """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return r.violations.map(v => v.id + ': ' + v.help + ' — ' +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
        )
    )


def _first(label: str) -> int:
    from django.apps import apps

    obj = apps.get_model(label).objects.order_by("pk").first()
    assert obj is not None, label
    return int(obj.pk)


def test_governance_pages_have_no_axe_violations(browser: Any, server: Any) -> None:
    base = server.url
    problems: list[str] = []
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()

    def check(url: str) -> None:
        page.goto(f"{base}{url}")
        problems.extend(f"{url}: {v}" for v in violations(page))

    def sign_in(username: str) -> None:
        nonlocal context, page
        context.close()
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "demo-password")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")

    sign_in("ig.manager")
    risk, escalation = _first("risks.Risk"), _first("risks.Escalation")
    plan, action = _first("plans.ActionPlan"), _first("plans.PlanAction")
    kpi, assessment = _first("plans.Kpi"), _first("plans.Assessment")
    item = _first("plans.AssessmentItem")
    for url in (
        "/",
        "/risks/risks/",
        f"/risks/risks/{risk}/",
        f"/risks/risks/{risk}/history/",
        "/risks/risks/add/",
        f"/risks/risks/{risk}/edit/",
        f"/risks/risks/{risk}/review/",
        "/risks/heat-map/",
        "/risks/heat-map/?heading=records&basis=inherent",
        "/risks/controls/",
        "/risks/reviews/",
        "/risks/bands/",
        "/risks/bands/add/",
        "/risks/escalations/",
        f"/risks/escalations/{escalation}/",
        "/risks/escalations/add/",
        "/plans/plans/",
        f"/plans/plans/{plan}/",
        "/plans/actions/",
        "/plans/actions/overdue/",
        "/plans/actions/off-track/",
        f"/plans/actions/{action}/",
        "/plans/actions/add/",
        "/plans/progress/add/",
        "/plans/kpis/",
        f"/plans/kpis/{kpi}/",
        "/plans/kpi-values/",
        "/plans/assessments/",
        f"/plans/assessments/{assessment}/",
        "/plans/assessments/add/",
        "/plans/assessment-items/",
        "/plans/records-management-plan/",
        f"/plans/assessment-items/{item}/",
        f"/plans/assessment-items/{item}/edit/",
        f"/plans/assessment-items/{item}/raise-action/",
        "/plans/frameworks/",
        "/plans/update-requests/",
        "/plans/update-requests/add/",
        "/registrations/registrations/",
        "/registrations/registrations/add/",
        "/registrations/member-exemptions/",
    ):
        check(url)
    page.goto(f"{base}/risks/risks/add/")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems.extend(f"risk form with errors: {v}" for v in violations(page))
    sign_in("siro")
    from infogov.risks.models import Escalation

    raised = Escalation.objects.filter(status="raised").first()
    if raised is not None:
        check(f"/risks/escalations/{raised.pk}/")
    context.close()
    assert not problems, "\n".join(problems)
