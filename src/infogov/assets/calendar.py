"""Calendar items for assets: review dates of the information assets, DPIAs and sharing
agreements I own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from infogov.assets.choices import AgreementStatus
from infogov.assets.models import DPIA, InformationAsset, SharingAgreement
from infogov.core.calendar import CalendarEvent, absolute, feed_since, person_provider


@person_provider("assets")
def my_reviews(user: Any, today: date) -> Iterator[CalendarEvent]:
    since = feed_since(today)
    for asset in InformationAsset.objects.restrict(user).filter(
        owner__user=user, next_review__gte=since
    ):
        yield CalendarEvent(
            uid=f"assets-asset-{asset.pk}-review",
            title=f"Asset review: {asset}",
            on=asset.next_review,
            url=absolute(asset.get_absolute_url()),
            category="Assets",
        )
    for dpia in DPIA.objects.restrict(user).filter(owner__user=user, review_date__gte=since):
        yield CalendarEvent(
            uid=f"assets-dpia-{dpia.pk}-review",
            title=f"DPIA review: {dpia}",
            on=dpia.review_date,
            url=absolute(dpia.get_absolute_url()),
            category="Assets",
        )
    agreements = (
        SharingAgreement.objects.restrict(user)
        .filter(owner__user=user, review_date__gte=since)
        .exclude(status__in=[AgreementStatus.EXPIRED, AgreementStatus.TERMINATED])
    )
    for agreement in agreements:
        yield CalendarEvent(
            uid=f"assets-agreement-{agreement.pk}-review",
            title=f"Sharing agreement review: {agreement}",
            on=agreement.review_date,
            url=absolute(agreement.get_absolute_url()),
            category="Assets",
        )
