"""Headless Chromium (Debian's) checks every page type with axe-core, and the keyboard journey.

Run on SQLite only (marker `browser`). The pages come from the URL walk over the demo
organisation, one page of each type per module, so new modules are covered as they land.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from infogov.core.tests.test_url_walk import pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.REPO_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make install-test`")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def demo_server(live_server: Any, settings: Any) -> Any:
    from infogov.core.demo import load_demo

    settings.DEMO = True
    load_demo()
    return live_server


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def axe_violations(page: Any) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return r.violations.map(v => v.id + ': ' + v.help + ' — ' +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    return list(result)


def representative_urls() -> list[str]:
    """One page of each type (list, detail, history, add, edit, other) per module."""
    seen: set[tuple[str, str]] = set()
    urls: list[str] = []
    for page in pages():
        skipped = ("/api/", "/accounts/logout", "/brand.css", "/healthz")
        if page.url.startswith(skipped) and page.url not in API_PAGES:
            continue
        app = page.name.split(":")[0] if ":" in page.name else "core"
        kind = page.view or page.name
        if page.view not in {"list", "detail", "history", "add", "edit", "delete"}:
            kind = page.name  # every special page (dashboards, reports, forms)
        if (app, kind) in seen:
            continue
        seen.add((app, kind))
        urls.append(page.url)
    return [*urls, "/api/docs/incidents/", "/api/docs/requests/"]


# The API's pages for people (the rest of /api/ answers JSON).
API_PAGES = {"/api/", "/api/docs/"}


def test_no_page_type_has_an_axe_violation(browser: Any, demo_server: Any) -> None:
    base = demo_server.url
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{base}/accounts/login/")
    problems += [f"/accounts/login/: {v}" for v in axe_violations(page)]
    sign_in(page, base, "ig.manager")
    # A form with errors: the error summary and field errors must be accessible too.
    page.goto(f"{base}/organisation/divisions/add/")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems += [f"division form with errors: {v}" for v in axe_violations(page)]
    urls = representative_urls()
    assert len(urls) > 10
    from playwright.sync_api import Error as PlaywrightError

    for url in urls:
        try:
            response = page.goto(f"{base}{url}")
        except PlaywrightError:
            continue  # a POST-only address (405 with no page)
        assert response is not None
        if response.status >= 400 or "html" not in response.headers.get("content-type", ""):
            continue
        problems += [f"{url}: {v}" for v in axe_violations(page)]
    context.close()
    assert not problems, "\n".join(problems)


def test_staff_pages_have_no_axe_violation(browser: Any, demo_server: Any) -> None:
    base = demo_server.url
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, "staff.member")
    problems = [f"/: {v}" for v in axe_violations(page)]
    page.goto(f"{base}/organisation/roles/")
    problems += [f"/organisation/roles/: {v}" for v in axe_violations(page)]
    context.close()
    assert not problems, "\n".join(problems)


def test_signing_in_and_adding_a_division_works_by_keyboard_alone(
    browser: Any, demo_server: Any
) -> None:
    base = demo_server.url
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
    while focused != "id_username":
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
    page.keyboard.type("ig.manager")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/organisation/divisions/add/")
    page.focus("#id_name")
    page.keyboard.type("Place")
    page.keyboard.press("Tab")
    page.keyboard.type("place")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-notification-banner--success")
    assert "Place" in page.inner_text("h1")
    # The History tab is reachable by keyboard and shows the creation.
    page.focus("a.moj-sub-navigation__link >> text=History")
    page.keyboard.press("Enter")
    page.wait_for_selector(".moj-timeline")
    assert "Created" in page.inner_text(".moj-timeline")
    context.close()


def test_content_security_policy_blocks_nothing_on_our_pages(
    browser: Any, demo_server: Any
) -> None:
    base = demo_server.url
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in(page, base, "ig.manager")
    page.goto(f"{base}/organisation/people/")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    context.close()
    assert not violations, violations


def test_filtering_a_list_updates_the_results_in_place(browser: Any, demo_server: Any) -> None:
    base = demo_server.url
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, "ig.manager")
    page.goto(f"{base}/organisation/people/")
    before = page.inner_text("#result-count")
    page.click("summary.govuk-details__summary")
    page.fill("#id_q", "Henderson")
    page.click("form.infogov-filter button[type=submit]")
    page.wait_for_function(
        "before => document.querySelector('#result-count').innerText !== before", arg=before
    )
    assert page.inner_text("#result-count").startswith("1 ")
    assert "q=Henderson" in page.url  # the filtered list keeps its own address
    assert "Henderson" in page.inner_text("#results table")
    context.close()


NARROW = {"width": 375, "height": 812}


def reflow_problem(page: Any) -> str | None:
    """None when the page fits 375 px (WCAG 2.2 1.4.10); else what sticks out."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const wide = [...document.querySelectorAll('body *')].filter(el => {
                const r = el.getBoundingClientRect();
                return r.right > width + 1 && !el.closest('.infogov-table-wrapper') &&
                    getComputedStyle(el).position !== 'fixed';
            }).slice(0, 3).map(el => el.tagName.toLowerCase() +
                (el.id ? '#' + el.id : '') + (el.className ? '.' +
                String(el.className).split(' ').join('.') : ''));
            return `${document.documentElement.scrollWidth}px wide: ${wide.join(', ')}`;
        }"""
    )


def test_every_page_type_reflows_at_375_px_and_passes_axe(browser: Any, demo_server: Any) -> None:
    """At 375 px the document is no wider than the screen (wide tables scroll in their own
    labelled, focusable region) and axe finds nothing, on one page of every type."""
    from playwright.sync_api import Error as PlaywrightError

    base = demo_server.url
    context = browser.new_context(bypass_csp=True, viewport=NARROW)
    page = context.new_page()
    problems: list[str] = []
    page.goto(f"{base}/accounts/login/")
    if (problem := reflow_problem(page)) is not None:
        problems.append(f"/accounts/login/: {problem}")
    sign_in(page, base, "ig.manager")
    for url in representative_urls():
        try:
            response = page.goto(f"{base}{url}")
        except PlaywrightError:
            continue  # a POST-only address (405 with no page)
        assert response is not None
        if response.status >= 400 or "html" not in response.headers.get("content-type", ""):
            continue
        if (problem := reflow_problem(page)) is not None:
            problems.append(f"{url}: {problem}")
        problems += [f"{url} at 375 px: {v}" for v in axe_violations(page)]
    context.close()
    assert not problems, "\n".join(problems)


def test_a_wide_table_scrolls_in_a_labelled_focusable_region_at_375_px(
    browser: Any, demo_server: Any
) -> None:
    base = demo_server.url
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    sign_in(page, base, "ig.manager")
    page.goto(f"{base}/requests/cases/")
    region = page.locator(".infogov-table-wrapper").first
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    assert page.evaluate(
        "() => { const r = document.querySelector('.infogov-table-wrapper');"
        " return r.scrollWidth > r.clientWidth; }"
    )
    assert page.locator(".infogov-scroll-cue--shown").first.is_visible()
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.infogov-table-wrapper').scrollLeft > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    context.close()


def test_councillors_home_reflows_and_passes_axe(browser: Any, demo_server: Any) -> None:
    base = demo_server.url
    context = browser.new_context(bypass_csp=True, viewport=NARROW)
    page = context.new_page()
    sign_in(page, base, "councillor")
    assert "Key performance indicators against target" in page.inner_text("main")
    problems = [f"/: {v}" for v in axe_violations(page)]
    if (problem := reflow_problem(page)) is not None:
        problems.append(f"/: {problem}")
    context.close()
    assert not problems, "\n".join(problems)


def test_choosing_a_person_by_typing_into_a_people_picker(browser: Any, demo_server: Any) -> None:
    from infogov.organisation.models import Person

    chosen = (
        Person.objects.filter(kind="staff", is_active=True)
        .exclude(job_title="")
        .select_related("division")
        .order_by("pk")
        .first()
    )
    assert chosen is not None
    base = demo_server.url
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, "ig.manager")
    page.goto(f"{base}/assets/assets/add/")
    picker = page.locator("input#id_owner[role=combobox]")
    assert picker.is_visible()
    assert page.locator("select[name=owner]").is_hidden()  # the select stays, for the form
    # The label still names the combobox.
    assert page.evaluate("document.querySelector('label[for=id_owner]') !== null")
    picker.click()
    page.keyboard.type(f"{chosen.last_name} {chosen.job_title.split()[0]}", delay=30)
    option = page.locator("#id_owner-listbox [role=option]", has_text=chosen.full_name).first
    option.wait_for()
    assert picker.get_attribute("aria-expanded") == "true"
    assert "found" in page.inner_text("#id_owner-status")
    problems = [f"open picker: {v}" for v in axe_violations(page)]
    labels = page.locator("#id_owner-listbox [role=option]").all_inner_texts()
    index = next(i for i, text in enumerate(labels) if text == chosen.picker_label())
    for _ in range(index + 1):
        page.keyboard.press("ArrowDown")
    assert picker.get_attribute("aria-activedescendant") == f"id_owner-option-{index}"
    page.keyboard.press("Enter")
    assert picker.get_attribute("aria-expanded") == "false"
    assert picker.input_value() == chosen.picker_label()
    assert page.locator("select[name=owner]").input_value() == str(chosen.pk)
    context.close()
    assert not problems, "\n".join(problems)


def test_searching_from_the_header_by_keyboard_gives_accessible_results(
    browser: Any, demo_server: Any
) -> None:
    """The header's search box is a plain GET form: type, press Enter, read the results."""
    base = demo_server.url
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, "ig.manager")
    page.focus("#header-search")
    page.keyboard.type("data")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base}/search/?q=data"
    assert page.locator("main section h2").count() > 0
    problems = [f"search results: {v}" for v in axe_violations(page)]
    page.goto(f"{base}/search/?q={'x' * 101}")
    problems += [f"search error: {v}" for v in axe_violations(page)]
    page.goto(f"{base}/search/?q=Nonesuch")
    problems += [f"no results: {v}" for v in axe_violations(page)]
    context.close()
    assert not problems, "\n".join(problems)
