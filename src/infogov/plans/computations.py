"""Computed KPIs: each measured from whichever module exists, or None ("no data").

The other modules (requests, incidents, training, assets, meetings) are separate apps;
each function looks their models up by name with `apps.get_model` and inspects their
fields, so a missing module, a different field name or an empty table gives an honest
None rather than a guess. Each returns `(value, note)`: a percentage and how it was got.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models import F, Model, Q
from django.utils import timezone

from infogov.plans.choices import ComputedBy

Result = tuple[Decimal | None, str]


def _model(app_label: str, *names: str) -> type[Model] | None:
    for name in names:
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            continue
    return None


def _field(model: type[Model], *names: str) -> str | None:
    available = {f.name for f in model._meta.get_fields()}
    for name in names:
        if name in available:
            return name
    return None


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _date_range(model: Any, field: str, start: date, end: date, prefix: str = "") -> Q:
    """`field` (on `model`, reached by `prefix` from the queried model) within the dates."""
    internal = model._meta.get_field(field).get_internal_type()
    path = f"{prefix}{field}"
    if internal == "DateTimeField":
        low, high = _bounds(start, end)
        return Q(**{f"{path}__gte": low, f"{path}__lt": high})
    return Q(**{f"{path}__gte": start, f"{path}__lte": end})


def _requests_on_time(kinds: tuple[str, ...], start: date, end: date) -> Result:
    model = _model("requests", "Case", "RequestCase", "Request", "InformationRequest")
    if model is None:
        return None, "No data: the requests module is not installed."
    kind_field = _field(model, "kind", "regime", "request_type", "type")
    due = _field(model, "due_date", "due_on", "statutory_due", "deadline")
    answered = _field(
        model,
        "responded_on",
        "response_sent_on",
        "answered_on",
        "closed_on",
        "completed_on",
        "responded_at",
        "closed_at",
    )
    if not (kind_field and due and answered):
        return None, "No data: request cases do not record a due date and a response date."
    cases = model._default_manager.filter(
        _date_range(model, answered, start, end), **{f"{kind_field}__in": kinds}
    )
    total = cases.count()
    named = " or ".join(k.upper() for k in kinds)
    if total == 0:
        return None, f"No data: no {named} requests answered in the period."
    answered_field: Any = model._meta.get_field(answered)
    answered_type = answered_field.get_internal_type()
    if answered_type == "DateTimeField":
        on_time = sum(
            1
            for due_on, at in cases.values_list(due, answered)
            if due_on is not None and timezone.localtime(at).date() <= due_on
        )
    else:
        on_time = cases.filter(**{f"{answered}__lte": F(due)}).count()
    return _percent(on_time, total), f"{on_time} of {total} answered by the due date."


def sar_on_time(start: date, end: date) -> Result:
    return _requests_on_time(("sar",), start, end)


def foi_on_time(start: date, end: date) -> Result:
    return _requests_on_time(("foi", "eir"), start, end)


def incidents_24h(start: date, end: date) -> Result:
    model = _model("incidents", "Incident")
    if model is None:
        return None, "No data: the incidents module is not installed."
    discovered = _field(model, "discovered_at", "became_aware_at", "discovered")
    reported = _field(model, "reported_at", "created_at", "reported")
    if not (discovered and reported):
        return None, "No data: incidents do not record discovery and reporting times."
    rows = list(
        model._default_manager.filter(_date_range(model, reported, start, end))
        .exclude(**{f"{discovered}__isnull": True})
        .values_list(discovered, reported)
    )
    if not rows:
        return None, "No data: no incidents reported in the period."
    quick = sum(1 for found, told in rows if told - found <= timedelta(hours=24))
    return _percent(quick, len(rows)), f"{quick} of {len(rows)} reported within 24 hours."


def training_compliance(start: date, end: date) -> Result:
    """Mandatory training in date at the end of the period, counted by the training app's
    own compliance arithmetic (the figures its pages and `/api/training/compliance/` show).
    """
    if not apps.is_installed("infogov.training"):
        return None, "No data: the training module is not installed."
    from infogov.training.models import compliance_rows, summarise

    total = summarise(compliance_rows(today=end))
    if total.required == 0:
        return None, "No data: no one is required to take a mandatory training module."
    return total.percent, (
        f"{total.in_date} of {total.required} required mandatory module completions in date "
        f"on {end:%d %b %Y} ({len(total.people)} people; refresher expiry applied)."
    )


def assets_reviewed(start: date, end: date) -> Result:
    model = _model("assets", "Asset", "InformationAsset")
    if model is None:
        return None, "No data: the assets module is not installed."
    reviewed = _field(
        model, "last_reviewed", "last_reviewed_on", "last_review_date", "last_review", "reviewed_on"
    )
    if reviewed is None:
        return None, "No data: assets do not record when they were last reviewed."
    assets = model._default_manager.all()
    total = assets.count()
    if total == 0:
        return None, "No data: the asset register is empty."
    recent = assets.filter(_date_range(model, reviewed, end - timedelta(days=365), end)).count()
    return _percent(recent, total), f"{recent} of {total} assets reviewed in the last 12 months."


def img_attendance(start: date, end: date) -> Result:
    model = _model("meetings", "Attendance", "MeetingAttendance")
    if model is None:
        return None, "No data: the meetings module is not installed."
    status = _field(model, "status", "attendance")
    meeting = _field(model, "meeting")
    if not (status and meeting):
        return None, "No data: attendance does not record a status per meeting."
    meeting_model: Any = model._meta.get_field(meeting).related_model
    if meeting_model is None:
        return None, "No data: attendance is not linked to meetings."
    held = _field(meeting_model, "date", "held_on", "starts_at", "start", "meeting_date")
    if held is None:
        return None, "No data: meetings do not record their date."
    rows = model._default_manager.filter(
        _date_range(meeting_model, held, start, end, prefix=f"{meeting}__")
    )
    group = _field(meeting_model, "group")
    if group is not None:
        # The main IMG only, when meetings say which group they belong to.
        group_model: Any = meeting_model._meta.get_field(group).related_model
        if group_model is not None and _field(group_model, "kind"):
            rows = rows.filter(**{f"{meeting}__{group}__kind": "img"})
    total = rows.count()
    if total == 0:
        return None, "No data: no meeting attendance recorded in the period."
    present = rows.filter(**{f"{status}__in": ["present", "attended", "deputy", "deputy_sent"]})
    count = present.count()
    return _percent(count, total), f"{count} of {total} expected attendances."


COMPUTATIONS: dict[str, Callable[[date, date], Result]] = {
    ComputedBy.SAR_ON_TIME: sar_on_time,
    ComputedBy.FOI_ON_TIME: foi_on_time,
    ComputedBy.INCIDENTS_24H: incidents_24h,
    ComputedBy.TRAINING: training_compliance,
    ComputedBy.ASSETS_REVIEWED: assets_reviewed,
    ComputedBy.IMG_ATTENDANCE: img_attendance,
}


def compute(computed_by: str, start: date, end: date) -> Result:
    """The value of a computed KPI for a period; (None, reason) when there is no data."""
    function = COMPUTATIONS.get(computed_by)
    if function is None:
        return None, "Entered by hand."
    try:
        with transaction.atomic():
            return function(start, end)
    except (DatabaseError, ValueError, TypeError, AttributeError) as exc:
        # A module whose tables or fields differ from what we look for: no data, said so.
        return None, f"No data: could not compute ({type(exc).__name__})."


__all__ = ["COMPUTATIONS", "Result", "compute"]
