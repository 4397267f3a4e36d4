"""Training reminders: each person whose mandatory training is overdue, expired or due
soon is reminded once per module and due date (the same key as the officer's "send")."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from infogov.core.reminders import reminder_job
from infogov.training.models import compliance_rows
from infogov.training.services import send_chasers_for


@reminder_job("training-due")
def training_due(now: datetime) -> int:
    rows = compliance_rows(today=timezone.localdate(now))
    return send_chasers_for([r for r in rows if r.needs_chasing])
