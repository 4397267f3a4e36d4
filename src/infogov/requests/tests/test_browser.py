"""Headless Chromium + axe-core over every kind of requests page (marker `browser`)."""

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
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
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
    from infogov.requests import demo as requests_demo

    settings.DEMO = True
    for module in (organisation_demo, requests_demo):
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


def test_requests_pages_have_no_axe_violations(browser: Any, server: Any) -> None:
    from infogov.requests.models import Case, SearchTask

    base = server.url
    case = Case.objects.order_by("pk").first()
    task = SearchTask.objects.order_by("pk").first()
    assert case is not None and task is not None
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []

    def check(url: str) -> None:
        page.goto(f"{base}{url}")
        problems.extend(f"{url}: {v}" for v in violations(page))

    check("/requests/public/")
    # The questions about the person a SAR is for appear only once "someone else" is chosen.
    assert not page.is_visible("#id_subject_name")
    page.check("#id_about_1")
    assert page.is_visible("#id_subject_name")
    page.check("#id_about_0")
    assert not page.is_visible("#id_subject_name")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems.extend(f"public form with errors: {v}" for v in violations(page))
    # A subject access request for someone else, without the person's name.
    page.check("#id_kind_0")
    page.check("#id_about_1")
    page.check("#id_acting_for_0")
    page.fill("#id_requester_name", "Jo Bloggs")
    page.fill("#id_requester_email", "jo@example.org")
    page.fill("#id_description", "My child's school records")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.is_visible("#id_subject_name-error")
    assert page.locator(".govuk-error-summary a[href='#id_subject_name']").count() == 1
    problems.extend(f"public form, someone else, with errors: {v}" for v in violations(page))
    page.check("#id_kind_1")
    page.fill("#id_requester_name", "Jo Bloggs")
    page.fill("#id_requester_email", "jo@example.org")
    page.fill("#id_description", "Everything about me")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/requests/public/thank-you/" in page.url
    problems.extend(f"public done: {v}" for v in violations(page))

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "ig.manager")
    page.fill("#id_password", "demo-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    for url in (
        "/requests/cases/",
        "/requests/cases/?due=overdue&kind=sar",
        f"/requests/cases/{case.pk}/",
        f"/requests/cases/{case.pk}/history/",
        "/requests/cases/add/",
        f"/requests/cases/{case.pk}/edit/",
        f"/requests/cases/{case.pk}/events/add/",
        f"/requests/cases/{case.pk}/respond/",
        f"/requests/cases/{case.pk}/close/",
        f"/requests/cases/{case.pk}/withdraw/",
        "/requests/cases/due-soon/",
        "/requests/cases/overdue/",
        "/requests/search-tasks/",
        f"/requests/search-tasks/{task.pk}/",
        "/requests/search-tasks/add/",
        "/requests/documents/",
        "/requests/documents/add/",
        "/requests/statistics/",
        "/requests/statistics/sic/?year=2026&quarter=1",
        "/requests/statistics/sic/?year=20x6&quarter=5",
        f"/requests/events/{case.events.order_by('-pk').values_list('pk', flat=True)[0]}/withdraw/",
        "/requests/disclosure-log/",
    ):
        check(url)
    page.goto(f"{base}/requests/cases/{case.pk}/events/add/")
    page.fill("#id_on", "2000-01-01")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems.extend(f"event form with errors: {v}" for v in violations(page))
    context.close()
    assert not problems, "\n".join(problems)


def test_publication_pages_have_no_axe_violations(browser: Any, server: Any) -> None:
    """The public disclosure log and publication scheme (anonymous), and their staff pages."""
    from infogov.requests.models import DisclosureEntry, GuideItem

    base = server.url
    entry = DisclosureEntry.objects.filter(documents__isnull=False).order_by("pk").first()
    item = GuideItem.objects.order_by("pk").first()
    assert entry is not None and item is not None
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []

    def check(url: str) -> None:
        response = page.goto(f"{base}{url}")
        assert response is not None and response.status in {200, 400}, url
        problems.extend(f"{url}: {v}" for v in violations(page))

    for url in (
        "/requests/disclosure-log/",
        "/requests/disclosure-log/?subject=environment&published_after=2000-01-01",
        "/requests/disclosure-log/?published_after=not-a-date",
        f"/requests/disclosure-log/{entry.pk}/",
        "/publication-scheme/",
        "/publication-scheme/class-8/",
    ):
        check(url)
    assert entry.case.requester_name not in page.content()

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "ig.manager")
    page.fill("#id_password", "demo-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    for url in (
        "/requests/disclosure-entries/",
        f"/requests/disclosure-entries/{entry.pk}/",
        f"/requests/disclosure-entries/{entry.pk}/edit/",
        f"/requests/disclosure-entries/{entry.pk}/withdraw/",
        f"/requests/cases/{entry.case_id}/",
        f"/requests/cases/{entry.case_id}/publish/",
        "/requests/guide-items/",
        f"/requests/guide-items/{item.pk}/",
        "/requests/guide-items/add/",
    ):
        check(url)
    # The publish form with errors.
    page.goto(f"{base}/requests/cases/{entry.case_id}/publish/")
    page.fill("#id_title", "")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems.extend(f"publish form with errors: {v}" for v in violations(page))
    context.close()
    assert not problems, "\n".join(problems)
