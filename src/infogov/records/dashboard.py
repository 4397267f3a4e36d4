"""The records panel on the home dashboard: what is due for disposal, active holds."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.core.permissions import VIEW
from infogov.records.models import LegalHold, RecordHolding


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    holdings = RecordHolding.objects.restrict(user, VIEW)
    if not holdings.exists():
        return []
    due = holdings.due(timezone.localdate())
    holds = LegalHold.objects.restrict(user, VIEW).filter(released_on__isnull=True).count()
    return [
        {
            "title": "Records management",
            "stats": [
                {
                    "value": sum(1 for h in due if not getattr(h, "on_hold", False)),
                    "label": "Due for disposal",
                    "url": reverse("records:disposal_due"),
                },
                {
                    "value": holds,
                    "label": "Active legal holds",
                    "url": reverse("records:legalhold_list") + "?active=true",
                },
            ],
        }
    ]
