"""Records business rules: SCARRS codes, due dates, legal holds, authorised disposal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from infogov.core.models import events_for
from infogov.records import models, services
from infogov.records.choices import HoldingStatus
from infogov.records.tests.factories import (
    LegalHoldFactory,
    RecordHoldingFactory,
    RetentionRuleFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.mark.parametrize("code", ["15.003.009", "1.001.001", "123.456.789"])
def test_scarrs_code_is_accepted(code: str) -> None:
    rule = RetentionRuleFactory.build(code=code)
    rule.full_clean()


@pytest.mark.parametrize("code", ["15.3.9", "15-003-009", "15.003", "A5.003.009", "15.003.0091"])
def test_malformed_scarrs_code_is_refused(code: str) -> None:
    rule = RetentionRuleFactory.build(code=code)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "code" in error.value.message_dict


@given(
    trigger=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)),
    years=st.integers(0, 100),
    months=st.integers(0, 11),
)
def test_disposal_date_is_never_before_the_trigger_and_grows_with_the_period(
    trigger: date, years: int, months: int
) -> None:
    rule = models.RetentionRule(code="01.001.001", period_years=years, period_months=months)
    due = rule.disposal_date(trigger)
    assert due is not None
    assert due >= trigger
    longer = models.RetentionRule(code="01.001.001", period_years=years + 1, period_months=months)
    assert (longer.disposal_date(trigger) or trigger) > due


def test_disposal_date_of_a_month_end_trigger_stays_in_the_month() -> None:
    rule = models.RetentionRule(code="01.001.001", period_years=0, period_months=1)
    assert rule.disposal_date(date(2026, 1, 31)) == date(2026, 2, 28)


def _due_holding(people: Any, **kwargs: Any) -> models.RecordHolding:
    rule = RetentionRuleFactory(period_years=1)
    return RecordHoldingFactory(
        division=people.division_a,
        retention_rule=rule,
        trigger_date=TODAY - timedelta(days=400),
        **kwargs,
    )


def test_due_list_shows_due_records_and_flags_legal_holds(people: Any) -> None:
    due = _due_holding(people)
    held = _due_holding(people)
    LegalHoldFactory(holding=held)
    RecordHoldingFactory(division=people.division_a, trigger_date=TODAY)  # not yet due
    RecordHoldingFactory(division=people.division_a, trigger_date=None)  # not triggered
    listing = models.RecordHolding.objects.due(TODAY)
    assert [h.pk for h in listing] == sorted([due.pk, held.pk])
    assert {h.pk: h.on_hold for h in listing} == {due.pk: False, held.pk: True}


def test_legal_hold_blocks_disposal(people: Any) -> None:
    holding = _due_holding(people)
    services.place_hold(
        models.LegalHold(holding=holding, reason="Claim"), acting_user=people.officer_a
    )
    with pytest.raises(ValidationError):
        services.record_disposal(
            people.division_a,
            [holding],
            "destroy",
            method="shred",
            on=TODAY,
            acting_user=people.ig_manager,
        )
    holding.refresh_from_db()
    assert holding.status == HoldingStatus.HELD
    assert not models.DisposalBatch.objects.exists()


def test_released_hold_allows_disposal_and_records_who_released(people: Any) -> None:
    holding = _due_holding(people)
    hold = services.place_hold(
        models.LegalHold(holding=holding, reason="Claim"), acting_user=people.officer_a
    )
    assert hold.placed_by == people.officer_a.person
    services.release_hold(hold, acting_user=people.officer_a, release_reason="Claim settled")
    hold.refresh_from_db()
    assert hold.released_by == people.officer_a.person
    batch = services.record_disposal(
        people.division_a,
        [holding],
        "destroy",
        method="shred",
        on=TODAY,
        acting_user=people.officer_a,
    )
    holding.refresh_from_db()
    assert holding.status == HoldingStatus.DESTROYED
    assert batch.decided_by == people.officer_a.person
    assert batch.decisions.get().retention_code == holding.retention_rule.code
    assert events_for(batch).filter(verb="disposal recorded").exists()


def test_only_an_authorised_person_may_dispose(people: Any) -> None:
    holding = _due_holding(people)
    for user in (people.officer_b, people.iao, people.staff, people.siro, people.auditor):
        with pytest.raises(PermissionDenied):
            services.record_disposal(
                people.division_a, [holding], "destroy", method="shred", on=TODAY, acting_user=user
            )
    assert not models.DisposalBatch.objects.exists()


def test_records_not_yet_due_cannot_be_disposed_of(people: Any) -> None:
    holding = RecordHoldingFactory(division=people.division_a, trigger_date=TODAY)
    with pytest.raises(ValidationError):
        services.record_disposal(
            people.division_a,
            [holding],
            "destroy",
            method="shred",
            on=TODAY,
            acting_user=people.ig_manager,
        )


def test_destruction_needs_a_method(people: Any) -> None:
    holding = _due_holding(people)
    with pytest.raises(ValidationError):
        services.record_disposal(
            people.division_a, [holding], "destroy", on=TODAY, acting_user=people.ig_manager
        )


def test_certificate_of_destruction_is_a_pdf(people: Any, client_as: Any) -> None:
    holding = _due_holding(people)
    batch = services.record_disposal(
        people.division_a,
        [holding],
        "destroy",
        method="shred",
        on=TODAY,
        acting_user=people.ig_manager,
    )
    response = client_as(people.officer_a).get(
        f"/records/disposal-batches/{batch.pk}/certificate.pdf"
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert (
        client_as(people.officer_b)
        .get(f"/records/disposal-batches/{batch.pk}/certificate.pdf")
        .status_code
        == 404
    )


def test_disposal_through_the_due_page(people: Any, client_as: Any) -> None:
    holding = _due_holding(people)
    held = _due_holding(people)
    LegalHoldFactory(holding=held)
    client = client_as(people.officer_a)
    page = client.get(f"/records/disposal/due/?division={people.division_a.pk}")
    assert page.status_code == 200
    assert holding.title in page.content.decode()
    response = client.post(
        "/records/disposal/due/",
        {
            "division": people.division_a.pk,
            "holdings": [holding.pk],
            "outcome": "destroy",
            "method": "shred",
            "decided_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    # A held holding is not even offered.
    response = client.post(
        "/records/disposal/due/",
        {
            "division": people.division_a.pk,
            "holdings": [held.pk],
            "outcome": "destroy",
            "method": "shred",
            "decided_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    assert (
        client_as(people.officer_b)
        .post("/records/disposal/due/", {"division": people.division_a.pk})
        .status_code
        == 403
    )


def test_disposal_through_the_api_refuses_held_records(people: Any, api_as: Any) -> None:
    held = _due_holding(people)
    LegalHoldFactory(holding=held)
    response = api_as(people.ig_manager).post(
        "/api/records/disposal-batches/",
        {
            "division": people.division_a.pk,
            "holdings": [held.pk],
            "outcome": "destroy",
            "method": "shred",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "holdings" in response.json()


def test_release_through_the_api(people: Any, api_as: Any) -> None:
    hold = LegalHoldFactory(holding=RecordHoldingFactory(division=people.division_a))
    response = api_as(people.officer_a).post(
        f"/api/records/legal-holds/{hold.pk}/release/",
        {"release_reason": "Inquiry closed"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False


def test_api_disposal_does_not_reveal_other_divisions_records(people: Any, api_as: Any) -> None:
    other = RecordHoldingFactory(division=people.division_b, title="Secret series")
    response = api_as(people.officer_a).post(
        "/api/records/disposal-batches/",
        {
            "division": people.division_a.pk,
            "holdings": [other.pk],
            "outcome": "destroy",
            "method": "shred",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Secret series" not in response.content.decode()
