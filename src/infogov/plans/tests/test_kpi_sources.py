"""Recomputing a KPI never loses a value: entered values are kept, "no data" is shown but
never stored over a real value, and switching a KPI's source asks for confirmation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from infogov.core.models import events_for
from infogov.plans import models, services
from infogov.plans.choices import ComputedBy, Frequency, ValueSource
from infogov.plans.tests.factories import KpiFactory

pytestmark = pytest.mark.django_db


def _periods() -> list[tuple[dt.date, dt.date]]:
    return services.recent_periods(Frequency.QUARTERLY, timezone.localdate(), 4)


def _value(kpi: Any, period: tuple[dt.date, dt.date], value: Any, source: str) -> Any:
    return models.KpiValue.objects.create(
        kpi=kpi, period_start=period[0], period_end=period[1], value=value, source=source
    )


def test_recompute_keeps_entered_values_and_never_stores_no_data_over_a_value(
    people: Any, api_as: Any
) -> None:
    # Training compliance has no module yet: every period computes to "no data".
    kpi = KpiFactory(computed_by=ComputedBy.TRAINING, frequency=Frequency.QUARTERLY)
    first, second, third, _fourth = _periods()
    entered = _value(kpi, first, Decimal("87.5"), ValueSource.MANUAL)
    computed = _value(kpi, second, Decimal("91.0"), ValueSource.COMPUTED)
    _value(kpi, third, None, ValueSource.COMPUTED)
    response = api_as(people.ig_manager).post(f"/api/plans/kpis/{kpi.pk}/compute/")
    assert response.status_code == 200, response.content
    values = {v.period_start: v for v in kpi.values.all()}
    assert values[first[0]].value == Decimal("87.5")
    assert values[first[0]].source == ValueSource.MANUAL
    assert values[second[0]].value == Decimal("91.0")
    assert values[third[0]].value is None  # no data over no data
    assert len(values) == 4  # the empty period shows "no data"
    entered.refresh_from_db()
    computed.refresh_from_db()
    assert entered.history.count() == 1 and computed.history.count() == 1  # untouched
    [event] = list(events_for(kpi))
    assert "87.50 entered by hand, kept" in event.summary
    assert "no data now, 91.00 kept" in event.summary


def test_the_page_asks_before_recomputing_and_says_what_it_keeps(
    people: Any, client_as: Any
) -> None:
    kpi = KpiFactory(computed_by=ComputedBy.TRAINING, frequency=Frequency.QUARTERLY)
    first = _periods()[0]
    _value(kpi, first, Decimal("87.5"), ValueSource.MANUAL)
    client = client_as(people.ig_manager)
    detail = client.get(kpi.get_absolute_url()).content.decode()
    url = f"/plans/kpis/{kpi.pk}/compute/"
    assert f'href="{url}"' in detail  # a link to the confirmation, not a one-click form
    confirm = client.get(url)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "entered by hand, kept" in text and "never replaced" in text
    assert kpi.values.count() == 1  # nothing changed by looking
    assert client.post(url).status_code == 302
    assert kpi.values.get(period_start=first[0]).value == Decimal("87.5")
    assert client_as(people.staff).get(url).status_code == 403


def test_switching_the_source_asks_for_confirmation_and_keeps_the_values(
    people: Any, api_as: Any, client_as: Any
) -> None:
    kpi = KpiFactory(computed_by="", frequency=Frequency.QUARTERLY)
    first = _periods()[0]
    _value(kpi, first, Decimal("80"), ValueSource.MANUAL)
    api = api_as(people.ig_manager)
    url = f"/api/plans/kpis/{kpi.pk}/"
    refused = api.patch(url, {"computed_by": ComputedBy.TRAINING}, format="json")
    assert refused.status_code == 400
    assert "1 entered by hand" in refused.json()["computed_by"][0]
    kpi.refresh_from_db()
    assert kpi.computed_by == ""
    # Other edits need no confirmation.
    assert api.patch(url, {"target": "85"}, format="json").status_code == 200
    switched = api.patch(
        url, {"computed_by": ComputedBy.TRAINING, "confirm_source_change": True}, format="json"
    )
    assert switched.status_code == 200, switched.content
    kpi.refresh_from_db()
    assert kpi.computed_by == ComputedBy.TRAINING
    assert kpi.values.get().value == Decimal("80")
    assert kpi.history.filter(computed_by="").exists()  # the old source is in its history
    # The form asks the same.
    client = client_as(people.ig_manager)
    data = {
        "name": kpi.name,
        "definition": kpi.definition,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "target": "85",
        "tolerance": "5",
        "frequency": kpi.frequency,
        "computed_by": "",
        "is_active": "on",
    }
    edit = f"/plans/kpis/{kpi.pk}/edit/"
    page = client.post(edit, data)
    assert page.status_code == 400
    assert "Confirm the change of source" in page.content.decode()
    assert client.post(edit, {**data, "confirm_source_change": "on"}).status_code == 302
    kpi.refresh_from_db()
    assert kpi.computed_by == "" and kpi.values.count() == 1
