"""Headless Chromium with axe-core over every page type of the assets and records modules,
including the pages the generic walk does not reach (forms with errors, the import preview,
the disposal decision form)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infogov.core.tests.test_browser import axe_violations, browser, demo_server, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
_ = (browser, demo_server)


def test_assets_and_records_pages_have_no_axe_violation(
    browser: Any, demo_server: Any, tmp_path: Path
) -> None:
    from infogov.assets.models import DPIA, DataStandard, InformationAsset, QualityCheck
    from infogov.records.models import (
        DisposalBatch,
        LegalHold,
        RecordHolding,
        RetentionRule,
    )

    base = demo_server.url
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, "ig.manager")
    asset = InformationAsset.objects.get(name="Corporate address gazetteer")
    urls = [
        "/assets/assets/",
        f"/assets/assets/{asset.pk}/",
        f"/assets/assets/{asset.pk}/edit/",
        "/assets/assets/add/",
        f"/assets/assets/{asset.pk}/history/",
        "/assets/record-of-processing/",
        "/assets/sharing-agreements/",
        "/assets/sharing-agreements/add/",
        "/assets/dpias/",
        "/assets/dpias/add/",
        f"/assets/dpias/{DPIA.objects.first().pk}/",  # type: ignore[union-attr]
        "/assets/data-standards/",
        f"/assets/data-standards/{DataStandard.objects.get().pk}/",
        f"/assets/quality-checks/{QualityCheck.objects.first().pk}/",  # type: ignore[union-attr]
        "/imports/",
        "/assets/lawful-bases/",
        "/assets/processing-conditions/",
        "/records/retention-rules/",
        f"/records/retention-rules/{RetentionRule.objects.first().pk}/",  # type: ignore[union-attr]
        "/records/holdings/",
        f"/records/holdings/{RecordHolding.objects.first().pk}/",  # type: ignore[union-attr]
        f"/records/legal-holds/{LegalHold.objects.first().pk}/",  # type: ignore[union-attr]
        "/records/disposal/due/",
        f"/records/disposal/due/?division={asset.division_id}",
        f"/records/disposal-batches/{DisposalBatch.objects.first().pk}/",  # type: ignore[union-attr]
        "/records/disposal-log/",
        "/",
    ]
    problems: list[str] = []
    for url in urls:
        response = page.goto(f"{base}{url}")
        assert response is not None and response.status == 200, url
        problems += [f"{url}: {v}" for v in axe_violations(page)]
    # A form with errors.
    page.goto(f"{base}/assets/assets/add/")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    problems += [f"asset form with errors: {v}" for v in axe_violations(page)]
    # The import preview, with problems listed.
    bad = tmp_path / "bad.csv"
    bad.write_text("Asset name,Division,Lawful basis\nX,Nowhere,Whim\n", encoding="utf-8")
    page.goto(f"{base}/imports/")
    page.check("input[name=kind][value=assets]")
    page.set_input_files("input[name=file]", str(bad))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "cannot be imported" in page.content()
    problems += [f"import preview: {v}" for v in axe_violations(page)]
    context.close()
    assert not problems, "\n".join(problems)
