"""Downloads, exports and the extract check find their record the way every page does:
404 outside the person's scope, 403 in scope without permission, and the page and the
API give the same answer from the same rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from infogov.assets import models as assets
from infogov.assets import services as asset_services
from infogov.assets.tests.factories import AssetFactory, DataStandardFactory
from infogov.core.permissions import VIEW
from infogov.plans import models as plans
from infogov.plans.tests.factories import PlanActionFactory
from infogov.requests import models as requests
from infogov.requests.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

EVERYONE = ("ig_manager", "siro", "officer_a", "officer_b", "iao", "staff", "auditor")


def _expected(model: Any, obj: Any, user: Any, allowed: bool, ok: int) -> int:
    if not model.objects.restrict(user, VIEW).filter(pk=obj.pk).exists():
        return 404
    return ok if allowed else 403


def test_the_extract_check_answers_page_and_api_alike_from_the_service_rule(
    people: Any, client_as: Any, api_as: Any
) -> None:
    standard = DataStandardFactory(asset=AssetFactory(division=people.division_a))
    url = f"/assets/data-standards/{standard.pk}/check/"
    for who in EVERYONE:
        user = getattr(people, who)
        allowed = asset_services.may_check_extracts(user, standard)
        page = client_as(user).get(url).status_code
        assert page == _expected(assets.DataStandard, standard, user, allowed, 302), who
        upload = SimpleUploadedFile("x.txt", b"not a spreadsheet")
        api = api_as(user).post(f"/api{url}", {"file": upload}, format="multipart").status_code
        # Allowed: the body is then refused as a bad file (400), and nothing is queued.
        assert api == _expected(assets.DataStandard, standard, user, allowed, 400), who
    assert not assets.QualityCheck.objects.exists()


def test_a_request_document_downloads_only_inside_its_scope(people: Any, client_as: Any) -> None:
    case = CaseFactory()
    document = requests.Document.objects.create(
        case=case, title="Tenancy file", file=SimpleUploadedFile("t.pdf", b"%PDF-1.4 x")
    )
    url = f"/requests/documents/{document.pk}/download/"
    for who in EVERYONE:
        user = getattr(people, who)
        status = client_as(user).get(url).status_code
        assert status == _expected(requests.Document, document, user, True, 200), who


def test_the_pentana_export_is_found_like_the_plan_and_refuses_an_unknown_format(
    people: Any, client_as: Any
) -> None:
    action = PlanActionFactory(division=people.division_a)
    plan = action.plan
    for who in EVERYONE:
        user = getattr(people, who)
        status = client_as(user).get(f"/plans/plans/{plan.pk}/export/csv/").status_code
        assert status == _expected(plans.ActionPlan, plan, user, True, 200), who
    bad = client_as(people.ig_manager).get(f"/plans/plans/{plan.pk}/export/pdf/")
    assert bad.status_code == 404


def test_the_thresholds_page_is_refused_to_those_who_see_no_thresholds(
    people: Any, client_as: Any
) -> None:
    from infogov.incidents.models import ReportabilityThresholds

    for who in EVERYONE:
        user = getattr(people, who)
        status = client_as(user).get("/incidents/thresholds/").status_code
        sees = ReportabilityThresholds.policy.q(user, VIEW) is not None
        assert status == (302 if sees else 403), who
