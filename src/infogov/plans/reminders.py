"""Reminder jobs for plans: chase overdue update requests, once each."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from infogov.core.reminders import queue, reminder_job
from infogov.plans.choices import UpdateRequestStatus
from infogov.plans.models import UpdateRequest


@reminder_job("update-request-overdue")
def update_request_overdue(now: datetime) -> int:
    """Remind the owner once when a requested update passes its due date."""
    today = timezone.localdate(now)
    count = 0
    for request in UpdateRequest.objects.filter(
        status=UpdateRequestStatus.OPEN, due_date__lt=today
    ).select_related("owner", "risk", "action"):
        owner = request.owner
        if owner is None:
            continue
        url = settings.SITE_URL + reverse("plans:updaterequest_detail", args=[request.pk])
        count += queue(
            f"update-request-overdue:{request.pk}",
            owner.email,
            f"Overdue: update requested on {request.subject}",
            f"Dear {owner.first_name},\n\nThe update the information governance group asked "
            f"for on {request.subject} was due on {request.due_date:%d %B %Y}. Please answer "
            f"here:\n\n{url}\n",
        )
    return count


@reminder_job("compute-kpis")
def compute_due_kpis(now: datetime) -> int:
    """Compute each computed KPI once for its last complete period (idempotent)."""
    from infogov.core.services import system_user
    from infogov.plans.models import Kpi, KpiValue
    from infogov.plans.services import compute_kpi, recent_periods

    actor = system_user()
    today = timezone.localdate(now)
    count = 0
    for kpi in Kpi.objects.filter(is_active=True).exclude(computed_by=""):
        ((start, end),) = recent_periods(kpi.frequency, today, 1)
        if KpiValue.objects.filter(kpi=kpi, period_start=start).exists():
            continue
        compute_kpi(kpi, start, end, acting_user=actor)
        count += 1
    return count
