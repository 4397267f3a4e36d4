"""Calendar items for risks: next review dates of the open risks I own; the IMG feed has
every open risk's review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from infogov.core.calendar import (
    CalendarEvent,
    absolute,
    feed_since,
    group_provider,
    person_provider,
)
from infogov.risks.choices import RiskStatus
from infogov.risks.models import Risk


def _events(risks: Any) -> Iterator[CalendarEvent]:
    for risk in risks:
        yield CalendarEvent(
            uid=f"risks-risk-{risk.pk}-review",
            title=f"Risk review: {risk}",
            on=risk.review_date,
            url=absolute(risk.get_absolute_url()),
            category="Risks",
        )


def _open(risks: Any, today: date) -> Any:
    return risks.filter(review_date__gte=feed_since(today)).exclude(status=RiskStatus.CLOSED)


@person_provider("risks")
def my_risk_reviews(user: Any, today: date) -> Iterator[CalendarEvent]:
    yield from _events(_open(Risk.objects.restrict(user).filter(owner__user=user), today))


@group_provider("risks")
def img_risk_reviews(today: date) -> Iterator[CalendarEvent]:
    yield from _events(_open(Risk.objects.all(), today))
