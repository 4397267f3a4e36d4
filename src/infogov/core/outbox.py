"""Failed e-mail for the IG manager: the home panel, the list page, and sending again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from infogov.core.permissions import get_roles
from infogov.core.reminders import failed_notifications, retry_failed, waiting_to_retry
from infogov.core.roles import Role


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    """The IG manager's e-mail panel: messages given up, and those waiting to be retried."""
    if not get_roles(request.user).has(Role.IG_MANAGER):
        return []
    url = reverse("failed_notifications")
    return [
        {
            "title": "E-mail",
            "stats": [
                {
                    "value": failed_notifications().count(),
                    "label": "Messages that failed",
                    "url": f"{url}#failed",
                },
                {
                    "value": waiting_to_retry().count(),
                    "label": "Messages waiting to be tried again",
                    "url": f"{url}#waiting",
                },
            ],
        }
    ]


@login_required
def failed_list(request: HttpRequest) -> HttpResponse:
    """Messages the scheduler gave up on, each with its last error, and those it will retry."""
    if not get_roles(request.user).has(Role.IG_MANAGER):
        raise PermissionDenied("Only the IG manager sees failed e-mail.")
    page = Paginator(failed_notifications(), 50).get_page(request.GET.get("page"))
    waiting = waiting_to_retry().order_by("next_attempt_at", "id")
    return render(
        request,
        "core/failed_notifications.html",
        {"page": page, "waiting": waiting[:50], "waiting_count": waiting.count()},
    )


@login_required
@require_POST
def retry(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Queue one failed message (or all of them) again; the service checks the role."""
    try:
        count = retry_failed(acting_user=request.user, pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        noun = "message" if count == 1 else "messages"
        messages.success(
            request, f"{count} {noun} queued again: the scheduler sends them on its next run."
        )
    return HttpResponseRedirect(reverse("failed_notifications"))
