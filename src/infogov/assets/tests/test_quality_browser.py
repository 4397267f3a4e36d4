"""A data-quality check in headless Chromium: the upload answers at once with the check's
state page, which follows the job by htmx polling (under the site's CSP) and reloads itself
with the results; without JavaScript the page offers a refresh link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infogov.core.tests.test_browser import axe_violations, browser, demo_server, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
_ = (browser, demo_server)


def test_the_check_page_follows_the_job_and_shows_every_problem(
    browser: Any, demo_server: Any, tmp_path: Path
) -> None:
    from infogov.assets import services
    from infogov.assets.models import DataStandard

    base = demo_server.url
    standard = DataStandard.objects.get()
    extract = tmp_path / "gazetteer.csv"
    header = "UPRN,USRN,Address line 1,Town,Postcode,Status,Easting,Northing\n"
    rows = "".join(
        f"{100000 + i % 70},38000001,{i} High Street,Dalkeith,EH22 1AA,Approved,330000,665000\n"
        for i in range(80)
    )
    extract.write_text(header + rows, encoding="utf-8")

    context = browser.new_context()  # the site's own CSP applies
    page = context.new_page()
    sign_in(page, base, "ig.manager")
    page.goto(f"{base}{standard.get_absolute_url()}")
    page.set_input_files("input[name=file]", str(extract))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/assets/quality-checks/" in page.url
    page.get_by_text("Waiting to start").wait_for()
    # axe is injected as an inline script, so it runs in a context that bypasses the CSP.
    audit = browser.new_context(bypass_csp=True).new_page()
    sign_in(audit, base, "ig.manager")
    audit.goto(page.url)
    assert axe_violations(audit) == []

    # The test database is one in-memory SQLite connection shared with the server thread, so
    # the polls are answered by the browser (204: nothing changes) while the job runs.
    page.route("**/progress/", lambda route: route.fulfill(status=204))
    page.wait_for_timeout(1500)
    assert services.run_queued_checks() == 1
    page.unroute("**/progress/")
    page.get_by_text("10 problems, 1 to 10 shown").wait_for(timeout=15000)
    assert page.get_by_text("duplicate of row 2", exact=True).count() == 1
    audit.goto(page.url)
    assert axe_violations(audit) == []

    no_script = browser.new_context(java_script_enabled=False)
    plain = no_script.new_page()
    sign_in(plain, base, "ig.manager")
    standard_page = f"{base}{standard.get_absolute_url()}"
    plain.goto(standard_page)
    plain.set_input_files("input[name=file]", str(extract))
    with plain.expect_navigation():
        plain.click("main button[type=submit]")
    plain.get_by_role("link", name="Refresh the page").wait_for()
    services.run_queued_checks()
    with plain.expect_navigation():
        plain.get_by_role("link", name="Refresh the page").click()
    assert plain.get_by_text("10 problems, 1 to 10 shown").count() == 1
