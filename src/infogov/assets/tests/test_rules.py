"""Asset business rules: scope, review, ROPA, DPIAs, reminders, data quality, speed."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from infogov.assets import models, services
from infogov.assets.quality import FieldRule, check_extract, check_value
from infogov.assets.reminders import agreement_review, asset_review
from infogov.assets.tests.factories import (
    AssetFactory,
    DataStandardFactory,
    DataSubjectCategoryFactory,
    DPIAFactory,
    DPIARiskFactory,
    SharingAgreementFactory,
    StandardFieldFactory,
)
from infogov.core.models import Notification
from infogov.organisation.models import Council

pytestmark = pytest.mark.django_db


def test_iao_maintains_own_assets_but_not_others(people: Any, api_as: Any) -> None:
    mine = AssetFactory(division=people.division_a, owner=people.iao.person)
    theirs = AssetFactory(division=people.division_a)
    api = api_as(people.iao)
    ids = [row["id"] for row in api.get("/api/assets/assets/").json()["results"]]
    assert ids == [mine.pk]
    assert (
        api.patch(f"/api/assets/assets/{mine.pk}/", {"description": "x"}, format="json").status_code
        == 200
    )
    assert (
        api.patch(
            f"/api/assets/assets/{theirs.pk}/", {"description": "x"}, format="json"
        ).status_code
        == 404
    )


def test_iao_cannot_create_an_asset_owned_by_someone_else(people: Any, api_as: Any) -> None:
    response = api_as(people.iao).post(
        "/api/assets/assets/",
        {"name": "Not mine", "division": people.division_a.pk, "owner": people.officer_a.person.pk},
        format="json",
    )
    assert response.status_code == 403
    assert not models.InformationAsset.objects.filter(name="Not mine").exists()


def test_siro_and_auditor_read_but_do_not_change(people: Any, api_as: Any) -> None:
    asset = AssetFactory(division=people.division_b)
    for user in (people.siro, people.auditor):
        api = api_as(user)
        assert api.get(f"/api/assets/assets/{asset.pk}/").status_code == 200
        assert (
            api.patch(
                f"/api/assets/assets/{asset.pk}/", {"description": "x"}, format="json"
            ).status_code
            == 403
        )


def test_special_category_needs_a_condition(people: Any, api_as: Any) -> None:
    response = api_as(people.ig_manager).post(
        "/api/assets/assets/",
        {
            "name": "Care records",
            "division": people.division_a.pk,
            "owner": people.iao.person.pk,
            "personal_data": True,
            "special_category": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "special_category_conditions" in response.json()
    response = api_as(people.ig_manager).post(
        "/api/assets/assets/",
        {
            "name": "Care records",
            "division": people.division_a.pk,
            "owner": people.iao.person.pk,
            "personal_data": False,
            "special_category": True,
            "special_category_conditions": [
                models.ProcessingCondition.objects.get(code="9(2)(h)").pk
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "special_category" in response.json()


def test_asset_filters(people: Any, api_as: Any) -> None:
    overdue = AssetFactory(
        division=people.division_a,
        next_review=date(2020, 1, 1),
        personal_data=True,
        special_category=True,
        security_classification="secret",
    )
    AssetFactory(division=people.division_b, next_review=date(2099, 1, 1))
    api = api_as(people.ig_manager)

    def ids(**params: Any) -> list[int]:
        return [r["id"] for r in api.get("/api/assets/assets/", params).json()["results"]]

    assert ids(review_overdue="true") == [overdue.pk]
    assert ids(special_category="true") == [overdue.pk]
    assert ids(classification="secret") == [overdue.pk]
    assert ids(division=people.division_a.pk) == [overdue.pk]
    assert ids(owner=overdue.owner_id) == [overdue.pk]
    assert ids(q=overdue.name) == [overdue.pk]


def test_asset_list_api_needs_few_queries_for_a_page_of_fifty(people: Any, api_as: Any) -> None:
    subject = DataSubjectCategoryFactory(name="Residents")
    basis = models.LawfulBasis.objects.get(code="6(1)(e)")
    for _ in range(60):
        asset = AssetFactory(division=people.division_a)
        asset.data_subjects.add(subject)
        asset.lawful_bases.add(basis)
    api = api_as(people.ig_manager)
    api.get("/api/assets/assets/")
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/assets/assets/", {"page_size": 50})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 50
    assert len(queries) <= 10


def test_review_sets_next_review_a_year_ahead(people: Any, client_as: Any) -> None:
    asset = AssetFactory(
        division=people.division_a, owner=people.iao.person, next_review=date(2020, 1, 1)
    )
    response = client_as(people.iao).post(f"/assets/assets/{asset.pk}/review/", {"note": ""})
    assert response.status_code == 302
    asset.refresh_from_db()
    today = timezone.localdate()
    assert asset.last_reviewed == today
    assert asset.next_review == date(today.year + 1, today.month, today.day) or (
        today.month == 2 and today.day == 29
    )
    assert client_as(people.officer_b).post(f"/assets/assets/{asset.pk}/review/").status_code == 404


def test_review_reminder_is_sent_to_the_iao_once(people: Any) -> None:
    person = people.iao.person
    person.email = "iao@council.example"
    person.save()
    asset = AssetFactory(division=people.division_a, owner=person, next_review=date(2026, 12, 10))
    AssetFactory(division=people.division_a, owner=person, next_review=date(2027, 6, 1))
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=timezone.get_current_timezone())):
        now = timezone.now()
        assert asset_review(now) == 1
        assert asset_review(now) == 0
    notification = Notification.objects.get()
    assert notification.recipient_email == "iao@council.example"
    assert asset.name in notification.subject
    # A new review date is a new reminder.
    asset.next_review = date(2027, 12, 10)
    asset.save()
    with time_machine.travel(datetime(2027, 11, 25, 9, 0, tzinfo=timezone.get_current_timezone())):
        assert asset_review(timezone.now()) == 2


def test_agreement_review_reminder_once(people: Any) -> None:
    owner = people.officer_a.person
    owner.email = "officer@council.example"
    owner.save()
    SharingAgreementFactory(
        division=people.division_a,
        owner=owner,
        status="active",
        start_date=date(2025, 1, 1),
        review_date=date(2026, 12, 1),
    )
    SharingAgreementFactory(
        division=people.division_a, owner=owner, status="draft", review_date=date(2026, 12, 1)
    )
    now = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.get_current_timezone())
    assert agreement_review(now) == 1
    assert agreement_review(now) == 0


def test_active_agreement_needs_a_start_date(people: Any) -> None:
    agreement = SharingAgreementFactory.build(division=people.division_a, status="active")
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "start_date" in error.value.message_dict


def test_ropa_covers_art30_from_the_register(people: Any, client_as: Any) -> None:
    Council.objects.create(
        name="Eskvale Council",
        address="1 High Street",
        email="dp@eskvale.example",
        dpo_contact="DPO, dp@eskvale.example",
    )
    asset = AssetFactory(
        division=people.division_a,
        personal_data=True,
        purposes="Billing",
        recipients="Auditors",
        security_measures="Encrypted",
    )
    asset.lawful_bases.add(models.LawfulBasis.objects.get(code="6(1)(c)"))
    AssetFactory(division=people.division_a, personal_data=False, name="Ledger")
    client = client_as(people.ig_manager)
    page = client.get("/assets/record-of-processing/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Eskvale Council" in text and asset.name in text and "Ledger" not in text
    assert "Legal obligation" in text
    xlsx = client.get("/assets/record-of-processing/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = client.get("/assets/record-of-processing/?format=csv").getvalue().decode()
    assert "Data Protection Officer" in csv.splitlines()[0]
    assert "DPO, dp@eskvale.example" in csv
    pdf = client.get("/assets/record-of-processing/?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    # An information officer sees only their division's activities.
    other = client_as(people.officer_b).get("/assets/record-of-processing/").content.decode()
    assert asset.name not in other


def test_dpia_high_residual_risk_requires_ico_consultation(people: Any) -> None:
    dpia = DPIAFactory(
        division=people.division_a, dpo_advice="Consult the ICO", dpo_advice_followed=True
    )
    DPIARiskFactory(dpia=dpia, residual_likelihood=3, residual_severity=3)
    with pytest.raises(ValidationError) as error:
        services.sign_off_dpia(dpia, acting_user=people.ig_manager)
    assert "ico_consulted_on" in error.value.message_dict
    assert dpia.ico_consultation_required
    dpia.ico_consulted_on = date(2026, 11, 1)
    dpia.save()
    services.sign_off_dpia(dpia, acting_user=people.ig_manager)
    dpia.refresh_from_db()
    assert dpia.state == "signed_off"
    assert dpia.signed_off_by == people.ig_manager.person


def test_dpia_sign_off_needs_dpo_advice(people: Any, api_as: Any) -> None:
    dpia = DPIAFactory(division=people.division_a)
    DPIARiskFactory(dpia=dpia)
    response = api_as(people.officer_a).post(f"/api/assets/dpias/{dpia.pk}/sign-off/")
    assert response.status_code == 400
    assert "dpo_advice" in response.json()


@pytest.mark.parametrize(
    ("likelihood", "severity", "level"),
    [
        (1, 1, "low"),
        (1, 2, "low"),
        (1, 3, "medium"),
        (2, 2, "medium"),
        (2, 3, "high"),
        (3, 3, "high"),
    ],
)
def test_dpia_risk_level(likelihood: int, severity: int, level: str) -> None:
    assert models.risk_level(likelihood, severity) == level


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("uk_postcode", "EH22 1AA", True),
        ("uk_postcode", "eh221aa", True),
        ("uk_postcode", "EH22 1A", False),
        ("uk_postcode", "E1H 11AA", False),
        ("uprn", "123456789012", True),
        ("uprn", "12345678901", True),
        ("uprn", "1234567890AB", False),
        ("integer", "12", True),
        ("integer", "1.5", False),
        ("date", "2026-02-29", False),
        ("date", "2028-02-29", True),
        ("date", "20280229", False),
        ("email", "a@b.scot", True),
        ("email", "a@", False),
    ],
)
def test_built_in_rule_types(kind: str, value: str, ok: bool) -> None:
    assert (check_value(FieldRule(name="x", field_type=kind), value) is None) is ok


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "EH22 1AA", "bad", "EH19 2QQ"]),
            st.sampled_from(["", "100000000001", "100000000002", "1"]),
        ),
        max_size=40,
    )
)
def test_quality_scores_are_percentages(rows: list[tuple[str, str]]) -> None:
    rules = [
        FieldRule("Postcode", "uk_postcode", required=True),
        FieldRule("UPRN", "uprn", required=True),
    ]
    numbered = [(i + 2, {"Postcode": p, "UPRN": u}) for i, (p, u) in enumerate(rows)]
    result = check_extract(["Postcode", "UPRN"], numbered, rules, ["UPRN"])
    for score in (result.completeness, result.validity, result.uniqueness):
        assert 0 <= score <= 100
    if rows and all(p and u for p, u in rows):
        assert result.completeness == 100
    if all(p in {"EH22 1AA", "EH19 2QQ"} and u.startswith("1000") for p, u in rows):
        assert result.validity == 100
    assert result.error_count >= len([1 for p, u in rows if not p or not u])


def test_quality_check_scores_and_row_errors() -> None:
    rules = [
        FieldRule("UPRN", "uprn", required=True),
        FieldRule("Postcode", "uk_postcode", required=True),
        FieldRule("Status", allowed=("Approved", "Historical")),
    ]
    rows = [
        (2, {"UPRN": "100000000001", "Postcode": "EH22 1AA", "Status": "Approved"}),
        (3, {"UPRN": "100000000001", "Postcode": "EH221AA", "Status": "approved?"}),
        (4, {"UPRN": "-12345", "Postcode": "", "Status": "Historical"}),
        (5, {"UPRN": "100000000004", "Postcode": "XX", "Status": ""}),
    ]
    result = check_extract(["UPRN", "Postcode", "Status"], rows, rules, ["UPRN"])
    assert result.completeness == 87.5  # 7 of 8 required cells filled
    assert result.validity == 70.0  # 7 of 10 filled cells valid (EH221AA is a postcode)
    assert result.uniqueness == 75.0  # row 3 repeats row 2's UPRN
    problems = {(e.row, e.column) for e in result.errors}
    assert {(3, "Status"), (4, "UPRN"), (4, "Postcode"), (5, "Postcode"), (3, "UPRN")} <= problems


def test_validity_reports_the_first_failed_rule_of_each_cell() -> None:
    rules = [
        FieldRule("Code", "integer", pattern=r"[0-9]{3}", allowed=("123",), max_length=2),
        FieldRule("Name", max_length=3),
    ]
    rows = [(2, {"Code": "x", "Name": "abcd"}), (3, {"Code": "12", "Name": "ab"})]
    result = check_extract(["Code", "Name"], rows, rules)
    assert result.validity == 25.0
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Code", "not a whole number"),
        (2, "Name", "longer than 3 characters"),
        (3, "Code", "does not match the pattern"),
    ]


def test_uploading_an_extract_keeps_scores_and_shows_a_trend(people: Any, client_as: Any) -> None:
    asset = AssetFactory(division=people.division_a)
    standard = DataStandardFactory(asset=asset, unique_key="UPRN")
    StandardFieldFactory(standard=standard, name="UPRN", field_type="uprn", required=True)
    StandardFieldFactory(
        standard=standard, name="Postcode", field_type="uk_postcode", required=True
    )
    client = client_as(people.officer_a)
    for body in (
        "UPRN,Postcode\n100000000001,EH22 1AA\n100000000001,bad\n",
        "UPRN,Postcode\n100000000001,EH22 1AA\n100000000002,EH22 1AB\n",
    ):
        upload = io.BytesIO(body.encode())
        upload.name = "extract.csv"
        response = client.post(f"/assets/data-standards/{standard.pk}/check/", {"file": upload})
        assert response.status_code == 302
    assert services.run_queued_checks() == 2
    checks = list(models.QualityCheck.objects.order_by("pk"))
    assert [float(c.uniqueness) for c in checks] == [50.0, 100.0]
    assert checks[0].problems.exists() and checks[0].asset == asset
    detail = client.get(f"/assets/data-standards/{standard.pk}/").content.decode()
    assert '<img class="infogov-chart" src="data:image/svg+xml;base64,' in detail
    assert 'alt="Data quality scores over time.' in detail
    assert "Quality scores by check" in detail
    report = client.get(checks[0].get_absolute_url()).content.decode()
    assert "not a UK postcode" in report
    assert (
        client_as(people.officer_b)
        .post(f"/assets/data-standards/{standard.pk}/check/", {})
        .status_code
        == 404
    )


def test_demo_loads_once_and_includes_the_named_assets(db: Any) -> None:
    from infogov.core.demo import load_demo

    loaded = load_demo()
    assert {"organisation", "assets", "records"} <= set(loaded)
    assert 55 <= models.InformationAsset.objects.count() <= 70
    names = set(models.InformationAsset.objects.values_list("name", flat=True))
    assert {"Corporate address gazetteer", "Citizen account"} <= names
    assert models.InformationAsset.objects.values("division").distinct().count() == 3
    assert models.SharingAgreement.objects.exists()
    assert models.QualityCheck.objects.count() >= 2
    from infogov.records.models import RetentionRule

    assert 35 <= RetentionRule.objects.count() <= 45
    counts = (models.InformationAsset.objects.count(), RetentionRule.objects.count())
    assert "assets" not in load_demo()
    assert (models.InformationAsset.objects.count(), RetentionRule.objects.count()) == counts


def test_demo_register_exports_and_reimports_unchanged(db: Any, tmp_path: Any) -> None:
    from django.core.management import call_command

    from infogov.core.demo import load_demo

    load_demo()
    path = tmp_path / "demo.xlsx"
    call_command("export", "assets", str(path), stdout=io.StringIO())
    history = models.InformationAsset.history.count()
    out = io.StringIO()
    call_command("import", "assets", str(path), stdout=out)
    assert "0 added, 0 changed" in out.getvalue()
    assert models.InformationAsset.history.count() == history


def test_every_asset_page_renders_for_every_role(people: Any, client_as: Any) -> None:
    asset = AssetFactory(division=people.division_a, owner=people.iao.person)
    urls = [
        "/assets/assets/",
        f"/assets/assets/{asset.pk}/",
        "/assets/record-of-processing/",
        "/assets/sharing-agreements/",
        "/assets/dpias/",
        "/assets/data-standards/",
        "/assets/quality-checks/",
        "/assets/lawful-bases/",
        "/assets/processing-conditions/",
        "/records/retention-rules/",
        "/records/disposal/due/",
        "/records/holdings/",
        "/records/disposal-log/",
        "/",
    ]
    for user in people.all().values():
        client = client_as(user)
        for url in urls:
            assert client.get(url).status_code in {200, 403, 404}, (user, url)
    _ = timedelta


def test_demo_dashboard_shows_assets_and_records_panels(db: Any, settings: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from infogov.core.demo import load_demo

    settings.DEMO = True
    load_demo()
    client = Client()
    client.force_login(get_user_model().objects.get(username="cr.officer"))
    text = client.get("/").content.decode()
    assert "Information assets" in text
    assert "Records management" in text
    assert "Due for disposal" in text


def test_managed_list_names_cannot_hold_the_value_separator(people: Any, api_as: Any) -> None:
    response = api_as(people.ig_manager).post(
        "/api/assets/data-subject-categories/", {"name": "Tenants; leaseholders"}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()


def test_extract_check_through_the_api(people: Any, api_as: Any) -> None:
    standard = DataStandardFactory(
        asset=AssetFactory(division=people.division_a), unique_key="UPRN"
    )
    StandardFieldFactory(standard=standard, name="UPRN", field_type="uprn", required=True)
    upload = io.BytesIO(b"UPRN\n100000000001\n123\n")
    upload.name = "extract.csv"
    response = api_as(people.officer_a).post(
        f"/api/assets/data-standards/{standard.pk}/check/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 202, response.content
    assert response.json()["state"] == "queued"
    services.run_queued_checks()
    check = api_as(people.officer_a).get(f"/api/assets/quality-checks/{response.json()['id']}/")
    assert check.json()["state"] == "done"
    assert check.json()["validity"] == "100.0"  # 123 is a UPRN
    assert check.json()["rows_done"] == 2
    upload.seek(0)
    assert (
        api_as(people.officer_b)
        .post(
            f"/api/assets/data-standards/{standard.pk}/check/", {"file": upload}, format="multipart"
        )
        .status_code
        == 404
    )


def test_asset_review_records_the_note_through_the_api_as_through_the_form(
    people: Any, client_as: Any, api_as: Any
) -> None:
    from infogov.core.models import events_for

    summaries = []
    for via in ("form", "api"):
        asset = AssetFactory(division=people.division_a, owner=people.iao.person)
        note = "Checked with the service manager."
        if via == "form":
            url = reverse("assets:informationasset_review", args=[asset.pk])
            assert client_as(people.iao).post(url, {"note": note}).status_code == 302
        else:
            url = f"/api/assets/assets/{asset.pk}/review/"
            assert api_as(people.iao).post(url, {"note": note}, format="json").status_code == 200
        summaries.append(list(events_for(asset).values_list("verb", "summary")))
    assert summaries[0] == summaries[1] == [("reviewed", "Checked with the service manager.")]
