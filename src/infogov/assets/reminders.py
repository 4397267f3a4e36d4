"""Jobs: asset reviews to IAOs, sharing-agreement reviews to their owners, and the
data-quality checks of uploaded extracts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from infogov.assets.choices import AgreementStatus
from infogov.assets.models import InformationAsset, SharingAgreement
from infogov.core.reminders import queue, reminder_job, scheduled_job

LEAD_DAYS = 30


def _lead_days() -> int:
    return int(getattr(settings, "INFOGOV_REVIEW_REMINDER_DAYS", LEAD_DAYS))


@reminder_job("asset-review")
def asset_review(now: datetime) -> int:
    """Tell each IAO, once per review date, that an asset is due for review."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=_lead_days())
    count = 0
    assets = (
        InformationAsset.objects.filter(next_review__lte=horizon)
        .select_related("owner", "division")
        .order_by("next_review", "pk")
    )
    for asset in assets.iterator(chunk_size=500):
        owner = asset.owner
        url = settings.SITE_URL + asset.get_absolute_url()
        when = "was due" if asset.next_review < today else "is due"
        count += queue(
            f"asset-review:{asset.pk}:{asset.next_review.isoformat()}",
            owner.email,
            f"Information asset review {when}: {asset.name}",
            f"Dear {owner.first_name},\n\nThe information asset “{asset.name}” ({asset.division}) "
            f"{when} for review on {asset.next_review:%d %B %Y}. Please check its entry in "
            f"the register and record your review:\n\n{url}\n",
        )
    return count


@reminder_job("sharing-agreement-review")
def agreement_review(now: datetime) -> int:
    """Tell the owner of an active agreement, once per review date, that it needs review."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=_lead_days())
    count = 0
    agreements = (
        SharingAgreement.objects.filter(
            review_date__lte=horizon,
            owner__isnull=False,
            status__in=[AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW],
        )
        .select_related("owner")
        .order_by("review_date", "pk")
    )
    for agreement in agreements:
        owner = agreement.owner
        if owner is None or agreement.review_date is None:
            continue
        url = settings.SITE_URL + agreement.get_absolute_url()
        count += queue(
            f"agreement-review:{agreement.pk}:{agreement.review_date.isoformat()}",
            owner.email,
            f"Sharing agreement review due: {agreement.title}",
            f"Dear {owner.first_name},\n\nThe {agreement.get_kind_display().lower()} "
            f"“{agreement.title}” is due for review on {agreement.review_date:%d %B %Y}.\n\n"
            f"{url}\n",
        )
    return count


@scheduled_job("quality-checks", counts="data-quality checks run")
def quality_checks(now: datetime) -> int:
    """Run each queued data-quality check once (claimed with a conditional UPDATE)."""
    from infogov.assets.services import run_queued_checks

    return run_queued_checks(now)
