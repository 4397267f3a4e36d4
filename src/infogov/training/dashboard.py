"""Training's panel on the home dashboard: compliance in the viewer's scope, and what is
due for the viewer themselves."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from infogov.core.permissions import VIEW
from infogov.training import services
from infogov.training.models import Completion, compliance_rows, summarise


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if Completion.policy.q(user, VIEW) is None:
        return []
    divisions, people = services.compliance_scope(user)
    if people is not None:
        rows = compliance_rows(person_ids=people)
        due = [r for r in rows if r.needs_chasing]
        if not due:
            return []
        return [
            {
                "title": "Your training",
                "items": [],
                "stats": [
                    {
                        "value": len(due),
                        "label": "Mandatory modules overdue, expired or due soon",
                        "url": reverse("training:mine"),
                    }
                ],
            }
        ]
    rows = compliance_rows(division_ids=divisions)
    total = summarise(rows)
    if not total.required:
        return []
    url = reverse("training:compliance")
    return [
        {
            "title": "Training compliance",
            "items": [],
            "stats": [
                {
                    "value": f"{total.percent}%",
                    "label": "Mandatory training in date",
                    "url": url,
                },
                {"value": total.overdue, "label": "Overdue (never completed)", "url": url},
                {"value": total.expired, "label": "Expired", "url": url},
                {
                    "value": total.due_soon,
                    "label": "Due within 30 days",
                    "url": reverse("training:chase"),
                },
            ],
        }
    ]
