"""Withdrawing a case event recorded in error: `/requests/events/{id}/withdraw/`."""

from __future__ import annotations

from typing import Any

from django import forms

from infogov.core.views import ObjectActionView
from infogov.requests import models, services


class WithdrawEventForm(forms.Form):
    reason = forms.CharField(
        label="Why is the event withdrawn?",
        help_text="For example: recorded on the wrong case, or the wrong date. The event "
        "stays on the timeline, struck through, and the deadline is worked out without it.",
        max_length=300,
        error_messages={"required": "Enter why the event is withdrawn."},
    )


class EventWithdraw(ObjectActionView):
    model = models.CaseEvent
    select_related = ("case",)
    form_class = WithdrawEventForm
    service = services.withdraw_event
    title = "Withdraw an event recorded in error"
    button = "Withdraw the event"

    def action_context(self, obj: Any) -> dict[str, Any]:
        due = f"{obj.case.due_on:%A %-d %B %Y}" if obj.case.due_on else "clock stopped"
        return {
            "notes": [
                f"{obj.case.reference}: {obj.get_type_display()} on {obj.on:%-d %B %Y}.",
                f"Currently due: {due}. The due date is worked out again without this event.",
            ]
        }

    def done_message(self, obj: Any) -> str:
        case = obj.case
        due = case.due_on.isoformat() if case.due_on else "not set while the clock is stopped"
        return f"{case.reference}: event withdrawn. Due date {due}."
