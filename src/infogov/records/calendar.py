"""Calendar items for records: review dates of the legal holds I placed and still stand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from infogov.core.calendar import CalendarEvent, absolute, feed_since, person_provider
from infogov.records.models import LegalHold


@person_provider("records")
def my_hold_reviews(user: Any, today: date) -> Iterator[CalendarEvent]:
    holds = (
        LegalHold.objects.restrict(user)
        .filter(placed_by__user=user, released_on__isnull=True, review_on__gte=feed_since(today))
        .select_related("holding")
    )
    for hold in holds:
        yield CalendarEvent(
            uid=f"records-legalhold-{hold.pk}-review",
            title=f"Legal hold review: {hold.holding}",
            on=hold.review_on,
            url=absolute(hold.holding.get_absolute_url()),
            category="Records",
        )
