"""The risk register's panels on the home dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.risks.choices import EscalationStatus, RiskStatus
from infogov.risks.models import Escalation, Risk


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if Risk.policy.q(user, VIEW) is None:
        return []
    risks = Risk.objects.restrict(user, VIEW).exclude(status=RiskStatus.CLOSED)
    top = list(
        risks.select_related("division").with_bands().order_by("-residual_score", "title")[:5]
    )
    if not top:
        return []
    overdue = risks.filter(review_date__lt=timezone.localdate()).count()
    list_url = reverse("risks:risk_list")
    result: list[dict[str, Any]] = [
        {
            "title": "Top residual risks",
            "stats": [
                {"value": risks.count(), "label": "Open risks", "url": list_url},
                {
                    "value": overdue,
                    "label": "Reviews overdue",
                    "url": f"{list_url}?review_overdue=true",
                },
            ],
            "items": [
                {
                    "label": f"{r} — {r.residual_score} ({r.residual_band}), {r.division}",
                    "url": r.get_absolute_url(),
                }
                for r in top
            ],
        }
    ]
    roles = get_roles(user)
    if roles.is_superuser or roles.has_council_wide(Role.SIRO):
        waiting = Escalation.objects.filter(status=EscalationStatus.RAISED).count()
        if waiting:
            result.append(
                {
                    "title": "Escalations awaiting the SIRO",
                    "stats": [
                        {
                            "value": waiting,
                            "label": "Escalations to accept or return",
                            "url": reverse("risks:escalation_list") + "?status=raised",
                        }
                    ],
                }
            )
    return result
