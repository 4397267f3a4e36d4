"""Request panels on the home dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.requests.choices import OPEN_STATUSES, TaskStatus
from infogov.requests.filters import due_filter
from infogov.requests.models import Case, SearchTask


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    result: list[dict[str, Any]] = []
    if Case.policy.q(user, VIEW) is not None:
        cases = Case.objects.restrict(user)
        today = timezone.localdate()
        result.append(
            {
                "title": "Information requests",
                "stats": [
                    {
                        "value": cases.filter(status__in=OPEN_STATUSES).count(),
                        "label": "Open cases",
                        "url": reverse("requests:case_list") + "?status=open",
                    },
                    {
                        "value": due_filter(cases, "soon").count(),
                        "label": "Due soon",
                        "url": reverse("requests:case_due_soon"),
                    },
                    {
                        "value": cases.filter(status__in=OPEN_STATUSES, due_on__lt=today).count(),
                        "label": "Overdue",
                        "url": reverse("requests:case_overdue"),
                    },
                ],
            }
        )
        if get_roles(user).has(Role.IG_MANAGER):
            result[-1]["stats"].append(
                {
                    "value": cases.filter(
                        status__in=OPEN_STATUSES, caseworker__isnull=True
                    ).count(),
                    "label": "Waiting to be assigned",
                    "url": reverse("requests:case_list") + "?assigned=no",
                }
            )
    elif SearchTask.policy.q(user, VIEW) is not None:
        tasks = SearchTask.objects.restrict(user).filter(status=TaskStatus.OPEN)
        if tasks.exists():
            result.append(
                {
                    "title": "Searches for information requests",
                    "stats": [
                        {
                            "value": tasks.count(),
                            "label": "Open search tasks for your division",
                            "url": reverse("requests:searchtask_list") + "?status=open",
                        },
                    ],
                }
            )
    return result
