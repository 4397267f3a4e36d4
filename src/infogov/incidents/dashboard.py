"""Incident panels on the home dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.incidents.choices import Decision, Status
from infogov.incidents.models import INCIDENT_READERS, Incident, to_the_minute


def open_breaches(user: Any) -> list[Incident]:
    """Breaches (or possible breaches) whose ICO clock is running, soonest deadline first."""
    return list(
        Incident.objects.restrict(user, VIEW)
        .filter(aware_at__isnull=False, ico_notified_at__isnull=True, is_near_miss=False)
        .exclude(personal_data_breach=False)
        .exclude(decision=Decision.NOT_REPORT)
        .exclude(status=Status.CLOSED)
        .select_related("division")
        .order_by("aware_at")[:10]
    )


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    roles = get_roles(request.user)
    if not roles.authenticated:
        return []
    result: list[dict[str, Any]] = [
        {
            "title": "Incidents and near misses",
            "items": [
                {"label": "Report an incident or near miss", "url": reverse("incidents:report")},
                {"label": "My reports", "url": reverse("incidents:my_reports")},
            ],
            "text": "Report anything that put information at risk, including near misses. "
            "It takes about two minutes.",
        }
    ]
    if roles.is_superuser or roles.has(*INCIDENT_READERS, Role.INFORMATION_OFFICER):
        now = timezone.now()
        breaches = open_breaches(request.user)
        items = [
            {
                "label": f"{i.reference} ({i.division}): ICO deadline "
                f"{to_the_minute(i.ico_deadline)}, {i.countdown(now)}"
                if i.ico_deadline
                else i.reference,
                "url": i.get_absolute_url(),
            }
            for i in breaches
        ]
        unassessed = (
            Incident.objects.restrict(request.user, VIEW).filter(status=Status.REPORTED).count()
        )
        result.append(
            {
                "title": "Open breaches: ICO clock running",
                "stats": [
                    {
                        "value": len(breaches),
                        "label": "Open breaches",
                        "url": reverse("incidents:incident_list"),
                    },
                    {
                        "value": unassessed,
                        "label": "Reports awaiting triage",
                        "url": reverse("incidents:incident_list") + "?status=reported",
                    },
                ],
                "items": items,
                "text": "" if items else "No breach is waiting for an ICO decision.",
            }
        )
    return result
