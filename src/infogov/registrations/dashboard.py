"""ICO registrations' panel on the home dashboard: renewals due."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.core.permissions import VIEW
from infogov.registrations.choices import RegistrationStatus
from infogov.registrations.models import Registration


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    if Registration.policy.q(request.user, VIEW) is None:
        return []
    soon = timezone.localdate() + timedelta(days=60)
    due = list(
        Registration.objects.restrict(request.user, VIEW)
        .filter(status=RegistrationStatus.ACTIVE, expires_on__lte=soon)
        .order_by("expires_on")[:5]
    )
    if not due:
        return []
    return [
        {
            "title": "ICO registration renewal due",
            "items": [
                {"label": f"{r} expires on {r.expires_on:%d %B %Y}", "url": r.get_absolute_url()}
                for r in due
            ],
            "stats": [
                {
                    "value": len(due),
                    "label": "Registrations to renew within 60 days",
                    "url": reverse("registrations:registration_list") + "?renewal_due=true",
                }
            ],
        }
    ]
