"""Calendar items for requests: due dates of my open cases and of my open search tasks.

Titles give the case reference and kind only, never the requester (see
`infogov.core.calendar`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from infogov.core.calendar import CalendarEvent, absolute, feed_since, person_provider
from infogov.requests.choices import OPEN_STATUSES, OPEN_TASK_STATUSES, CaseKind
from infogov.requests.models import Case, SearchTask


def kind_name(kind: str) -> str:
    """'Subject access request' for `sar`: the kind's label without its statute."""
    return str(CaseKind(kind).label).split(" (")[0] if kind in CaseKind.values else kind


@person_provider("requests")
def my_requests(user: Any, today: date) -> Iterator[CalendarEvent]:
    """Open cases I am the caseworker of, and open search tasks assigned to me."""
    since = feed_since(today)
    cases = (
        Case.objects.restrict(user)
        .filter(caseworker__user=user, status__in=OPEN_STATUSES, due_on__gte=since)
        .only("pk", "reference", "kind", "due_on")
    )
    for case in cases:
        yield CalendarEvent(
            uid=f"requests-case-{case.pk}-due",
            title=f"{case.reference} {kind_name(case.kind)} due",
            on=case.due_on,
            url=absolute(case.get_absolute_url()),
            category="Requests",
        )
    tasks = (
        SearchTask.objects.restrict(user)
        .filter(assignee__user=user, status__in=OPEN_TASK_STATUSES, due_on__gte=since)
        .select_related("case")
        .only("pk", "due_on", "kind", "case__reference", "case__kind")
    )
    for task in tasks:
        yield CalendarEvent(
            uid=f"requests-task-{task.pk}-due",
            title=f"{task.case.reference} {task.get_kind_display().lower()} task due",
            on=task.due_on,
            url=absolute(task.case.get_absolute_url()),
            category="Requests",
        )
