"""Plans' panels on the home dashboard: overdue actions and updates asked of me."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.core.permissions import VIEW, get_roles
from infogov.plans.choices import OPEN_STATUSES, Rag, UpdateRequestStatus
from infogov.plans.models import PlanAction, UpdateRequest


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    result: list[dict[str, Any]] = []
    roles = get_roles(user)
    if roles.person_id:
        asked = list(
            UpdateRequest.objects.filter(owner_id=roles.person_id, status=UpdateRequestStatus.OPEN)
            .select_related("risk", "action")
            .order_by("due_date")[:5]
        )
        if asked:
            result.append(
                {
                    "title": "Updates asked of you",
                    "items": [
                        {
                            "label": f"{r.subject} — due {r.due_date:%d %b %Y}",
                            "url": r.get_absolute_url(),
                        }
                        for r in asked
                    ],
                }
            )
    if PlanAction.policy.q(user, VIEW) is None:
        return result
    actions = PlanAction.objects.restrict(user, VIEW).filter(status__in=OPEN_STATUSES)
    today = timezone.localdate()
    overdue = actions.filter(due_date__lt=today)
    overdue_count = overdue.count()
    off_track = actions.filter(rag__in=[Rag.RED, Rag.AMBER]).count()
    if not (overdue_count or off_track):
        return result
    result.append(
        {
            "title": "Overdue actions",
            "stats": [
                {
                    "value": overdue_count,
                    "label": "Actions overdue",
                    "url": reverse("plans:planaction_overdue"),
                },
                {
                    "value": off_track,
                    "label": "Actions off track (red or amber)",
                    "url": reverse("plans:planaction_off_track"),
                },
            ],
            "items": [
                {"label": f"{a} — due {a.due_date:%d %b %Y}", "url": a.get_absolute_url()}
                for a in overdue.order_by("due_date")[:5]
            ],
        }
    )
    return result
