"""Calendar items for plans: due dates of the open plan actions I own, of the group's
update requests to me, and review dates of the framework assessment items I own; the IMG
feed has every open plan action's due date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Q

from infogov.core.calendar import (
    CalendarEvent,
    absolute,
    feed_since,
    group_provider,
    person_provider,
)
from infogov.plans.choices import OPEN_STATUSES, UpdateRequestStatus
from infogov.plans.models import AssessmentItem, PlanAction, UpdateRequest


def _actions(actions: Any) -> Iterator[CalendarEvent]:
    for action in actions:
        yield CalendarEvent(
            uid=f"plans-action-{action.pk}-due",
            title=f"Plan action {action.reference} due",
            on=action.due_date,
            url=absolute(action.get_absolute_url()),
            category="Action plan",
        )


def _open_actions(actions: Any, today: date) -> Any:
    return actions.filter(status__in=OPEN_STATUSES, due_date__gte=feed_since(today))


@person_provider("plans")
def my_plan_items(user: Any, today: date) -> Iterator[CalendarEvent]:
    since = feed_since(today)
    yield from _actions(
        _open_actions(PlanAction.objects.restrict(user).filter(owner__user=user), today)
    )
    mine = (
        Q(owner__user=user)
        | Q(owner__isnull=True, action__owner__user=user)
        | Q(owner__isnull=True, risk__owner__user=user)
    )
    for request in UpdateRequest.objects.restrict(user).filter(
        mine, status=UpdateRequestStatus.OPEN, due_date__gte=since
    ):
        yield CalendarEvent(
            uid=f"plans-updaterequest-{request.pk}-due",
            title="Update requested by the group",
            on=request.due_date,
            url=absolute(request.get_absolute_url()),
            category="Action plan",
        )
    for item in AssessmentItem.objects.restrict(user).filter(
        owner__user=user, next_review__gte=since
    ):
        yield CalendarEvent(
            uid=f"plans-assessmentitem-{item.pk}-review",
            title=f"Framework item review: {item}",
            on=item.next_review,
            url=absolute(item.get_absolute_url()),
            category="Action plan",
        )


@group_provider("plans")
def img_plan_actions(today: date) -> Iterator[CalendarEvent]:
    yield from _actions(_open_actions(PlanAction.objects.all(), today))
