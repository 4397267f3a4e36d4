"""Business rules of ICO registrations: fees, exemptions and renewal reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from infogov.core.models import Notification
from infogov.organisation.tests.factories import PersonFactory
from infogov.registrations import models
from infogov.registrations.choices import fee_for
from infogov.registrations.reminders import registration_renewal, reminder_due

pytestmark = pytest.mark.django_db
URL = "/api/registrations/registrations/"


@pytest.mark.parametrize(
    ("tier", "direct_debit", "fee"),
    [
        (1, False, "52.00"),
        (2, False, "78.00"),
        (3, False, "3763.00"),
        (1, True, "47.00"),
        (2, True, "73.00"),
        (3, True, "3758.00"),
    ],
)
def test_fee_by_tier_and_payment(
    people: Any, api_as: Any, tier: int, direct_debit: bool, fee: str
) -> None:
    response = api_as(people.ig_manager).post(
        URL,
        {
            "controller_name": "Eskvale Council",
            "registration_number": "Z5632145",
            "tier": tier,
            "direct_debit": direct_debit,
            "starts_on": "2026-04-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fee"] == fee
    assert body["expires_on"] == "2027-03-31"


def test_fees_before_17_february_2025() -> None:
    assert fee_for(3, False, dt.date(2025, 2, 16)) == Decimal("2900")
    assert fee_for(3, False, dt.date(2025, 2, 17)) == Decimal("3763")


@given(st.sampled_from([1, 2, 3]), st.dates(dt.date(2019, 4, 1), dt.date(2035, 1, 1)))
def test_direct_debit_is_always_five_pounds_less(tier: int, day: dt.date) -> None:
    assert fee_for(tier, False, day) - fee_for(tier, True, day) == Decimal("5")
    assert fee_for(1, False, day) < fee_for(2, False, day) < fee_for(3, False, day)


def test_bad_registration_number_and_dates(people: Any, api_as: Any) -> None:
    response = api_as(people.ig_manager).post(
        URL,
        {
            "controller_name": "X",
            "registration_number": "12345",
            "tier": 1,
            "starts_on": "2026-04-01",
            "expires_on": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "registration_number" in response.json()
    assert not models.Registration.objects.exists()


def test_only_elected_members_are_exempt(people: Any, api_as: Any) -> None:
    staff = PersonFactory(kind="staff")
    response = api_as(people.ig_manager).post(
        "/api/registrations/member-exemptions/", {"person": staff.pk}, format="json"
    )
    assert response.status_code == 400
    member = people.councillor.person
    response = api_as(people.ig_manager).post(
        "/api/registrations/member-exemptions/",
        {"person": member.pk, "registered_for_other_processing": True},
        format="json",
    )
    assert response.status_code == 400 and "registration_number" in response.json()
    response = api_as(people.ig_manager).post(
        "/api/registrations/member-exemptions/", {"person": member.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["exempt_since"] == "2019-04-01"
    own = api_as(people.councillor).get("/api/registrations/member-exemptions/").json()
    assert [r["person"] for r in own["results"]] == [member.pk]


@pytest.mark.parametrize(
    ("days", "due"),
    [(90, None), (61, None), (60, 60), (45, 60), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)],
)
def test_reminder_thresholds(days: int, due: int | None) -> None:
    assert reminder_due(days) == due


def test_renewal_reminders_at_60_30_and_7_days_once_each(people: Any) -> None:
    contact = people.ig_manager.person
    registration = models.Registration.objects.create(
        controller_name="Eskvale Council",
        registration_number="Z5632145",
        tier=3,
        starts_on=dt.date(2025, 6, 1),
        contact=contact,
    )
    expiry = registration.expires_on
    assert expiry == dt.date(2026, 5, 31)
    sent = []
    for offset in (70, 60, 59, 45, 30, 29, 10, 7, 6, 1):
        day = expiry - dt.timedelta(days=offset)
        with time_machine.travel(
            dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC), tick=False
        ):
            sent.append(registration_renewal(timezone.now()))
            sent.append(registration_renewal(timezone.now()))
    assert sum(sent) == 3
    keys = sorted(Notification.objects.values_list("key", flat=True))
    assert [k.split(":")[3] for k in keys] == ["30", "60", "7"]


def test_list_page_and_dashboard(people: Any, client_as: Any) -> None:
    models.Registration.objects.create(
        controller_name="Eskvale Council",
        registration_number="Z5632145",
        tier=3,
        starts_on=timezone.localdate() - dt.timedelta(days=330),
    )
    client = client_as(people.ig_manager)
    assert "3,763" in client.get("/registrations/registrations/").content.decode()
    assert "ICO registration renewal due" in client.get("/").content.decode()
    assert client_as(people.staff).get("/registrations/registrations/").status_code == 200
