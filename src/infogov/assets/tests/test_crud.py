"""Every asset-register model passes the shared UI and API contract."""

from __future__ import annotations

from typing import Any

import pytest

from infogov.assets import models
from infogov.assets.tests.factories import (
    AssetFactory,
    DataStandardFactory,
    DataSubjectCategoryFactory,
    DPIAFactory,
    DPIARiskFactory,
    PersonalDataCategoryFactory,
    SharingAgreementFactory,
    StandardFieldFactory,
)
from infogov.core.testing import ContractAction, CrudContract
from infogov.records.tests.factories import RetentionRuleFactory

pytestmark = pytest.mark.django_db


class TestInformationAsset(CrudContract):
    model = models.InformationAsset
    api_url = "/api/assets/assets/"
    outsider = "officer_b"
    bad_field = ("security_classification", "RESTRICTED")
    actions = (
        ContractAction(
            "informationasset_review",
            api_path="review",
            allowed="iao",
            forbidden="auditor",
            form_data=lambda people, obj: {"note": "Checked with the service manager."},
            state=("last_reviewed", "next_review"),
        ),
    )

    def make(self, people: Any) -> Any:
        return AssetFactory(division=people.division_a, owner=people.iao.person)

    def form_data(self, people: Any) -> dict[str, Any]:
        basis = models.LawfulBasis.objects.get(code="6(1)(e)")
        return {
            "name": "Council tax system",
            "division": people.division_a.pk,
            "owner": people.iao.person.pk,
            "format": "electronic",
            "personal_data": True,
            "lawful_bases": [basis.pk],
            "purposes": "Billing and collecting council tax",
            "data_subjects": [DataSubjectCategoryFactory().pk],
            "personal_data_categories": [PersonalDataCategoryFactory().pk],
            "retention_rule": RetentionRuleFactory().pk,
            "security_classification": "official",
            "business_criticality": "high",
            "dpia_status": "not_required",
        }


class TestInformationAssetByOfficer(TestInformationAsset):
    manager = "officer_a"


class TestInformationAssetByOwner(TestInformationAsset):
    """The IAO maintains their own assets."""

    manager = "iao"
    outsider = "officer_b"


class TestDataSubjectCategory(CrudContract):
    model = models.DataSubjectCategory
    api_url = "/api/assets/data-subject-categories/"
    bad_field = ("name", "")

    def make(self, people: Any) -> Any:
        return DataSubjectCategoryFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"name": "Tenants", "description": ""}


class TestPersonalDataCategory(CrudContract):
    model = models.PersonalDataCategory
    api_url = "/api/assets/personal-data-categories/"
    bad_field = ("name", "")

    def make(self, people: Any) -> Any:
        return PersonalDataCategoryFactory()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {"name": "Health data", "special_category": True}


class TestLawfulBasis(CrudContract):
    model = models.LawfulBasis
    api_url = "/api/assets/lawful-bases/"
    add_ui = False
    add_api = False

    def make(self, people: Any) -> Any:
        return models.LawfulBasis.objects.order_by("?").first()

    def form_data(self, people: Any) -> dict[str, Any]:
        return {}


class TestSharingAgreement(CrudContract):
    model = models.SharingAgreement
    api_url = "/api/assets/sharing-agreements/"
    outsider = "officer_b"
    bad_field = ("status", "signed")

    def make(self, people: Any) -> Any:
        return SharingAgreementFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        asset = AssetFactory(division=people.division_a)
        return {
            "title": "Police Scotland ISA",
            "kind": "sharing",
            "division": people.division_a.pk,
            "parties": "Police Scotland",
            "legal_gateway": "Children and Young People (Scotland) Act 2014",
            "assets": [asset.pk],
            "status": "active",
            "start_date": "2026-01-01",
            "review_date": "2027-01-01",
        }


class TestSharingAgreementByOfficer(TestSharingAgreement):
    manager = "officer_a"


def _ready_for_sign_off(people: Any, dpia: Any) -> None:
    """The DPO's advice, whether it is followed, and one risk with low residual risk."""
    dpia.dpo_advice = "Proceed with the measures listed."
    dpia.dpo_advice_followed = True
    dpia.save()
    DPIARiskFactory(dpia=dpia, residual_likelihood=1, residual_severity=1)


class TestDPIA(CrudContract):
    model = models.DPIA
    api_url = "/api/assets/dpias/"
    outsider = "officer_b"
    bad_field = ("state", "approved")
    actions = (
        ContractAction(
            "dpia_sign_off",
            api_path="sign-off",
            forbidden="auditor",
            prepare=_ready_for_sign_off,
            form_data=lambda people, obj: {},
            state=("state", "signed_off_on", "signed_off_by_id", "residual_risk"),
        ),
    )

    def make(self, people: Any) -> Any:
        return DPIAFactory(division=people.division_a)

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "title": "New CRM",
            "division": people.division_a.pk,
            "screening": ["large_scale", "matching"],
            "state": "in_progress",
            "dpo_advice_followed": "unknown",
        }

    def api_data(self, people: Any) -> dict[str, Any]:
        return {
            "title": "New CRM",
            "division": people.division_a.pk,
            "screening": ["large_scale", "matching"],
            "state": "in_progress",
        }


class TestDPIARisk(CrudContract):
    model = models.DPIARisk
    api_url = "/api/assets/dpia-risks/"
    outsider = "officer_b"
    bad_field = ("likelihood", 7)

    def make(self, people: Any) -> Any:
        return DPIARiskFactory(dpia=DPIAFactory(division=people.division_a))

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "dpia": DPIAFactory(division=people.division_a).pk,
            "description": "Over-sharing",
            "likelihood": 3,
            "severity": 3,
            "measures": "Training",
            "residual_likelihood": 2,
            "residual_severity": 2,
        }


class TestDataStandard(CrudContract):
    model = models.DataStandard
    api_url = "/api/assets/data-standards/"
    outsider = "officer_b"
    bad_field = ("asset", 999999)

    def make(self, people: Any) -> Any:
        return DataStandardFactory(asset=AssetFactory(division=people.division_a))

    def form_data(self, people: Any) -> dict[str, Any]:
        return {
            "name": "Gazetteer standard",
            "asset": AssetFactory(division=people.division_a).pk,
            "unique_key": "UPRN",
        }


class TestStandardField(CrudContract):
    model = models.StandardField
    api_url = "/api/assets/standard-fields/"
    outsider = "officer_b"
    bad_field = ("pattern", "([unclosed")

    def make(self, people: Any) -> Any:
        standard = DataStandardFactory(asset=AssetFactory(division=people.division_a))
        return StandardFieldFactory(standard=standard)

    def form_data(self, people: Any) -> dict[str, Any]:
        standard = DataStandardFactory(asset=AssetFactory(division=people.division_a))
        return {
            "standard": standard.pk,
            "name": "Postcode",
            "field_type": "uk_postcode",
            "required": True,
        }


class TestQualityCheck(CrudContract):
    model = models.QualityCheck
    api_url = "/api/assets/quality-checks/"
    outsider = "officer_b"
    add_ui = False
    add_api = False

    def make(self, people: Any) -> Any:
        standard = DataStandardFactory(asset=AssetFactory(division=people.division_a))
        return models.QualityCheck.objects.create(
            standard=standard, asset=standard.asset, filename="x.csv", row_count=3
        )

    def form_data(self, people: Any) -> dict[str, Any]:
        return {}
