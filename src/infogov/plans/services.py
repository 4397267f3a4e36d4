"""Business actions for plans and performance."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from infogov.core.models import bulk_with_history, record_event
from infogov.core.permissions import CHANGE, VIEW, get_roles, is_ig_manager
from infogov.core.reminders import queue
from infogov.core.roles import Role
from infogov.core.services import business_action
from infogov.plans import computations
from infogov.plans.choices import (
    ITEM_RANK,
    ActionStatus,
    AssessmentStatus,
    Frequency,
    ItemStatus,
    UpdateRequestStatus,
    ValueSource,
)
from infogov.plans.models import (
    ActionPlan,
    Assessment,
    AssessmentItem,
    Framework,
    FrameworkItem,
    Kpi,
    KpiValue,
    PlanAction,
    ProgressUpdate,
    UpdateRequest,
)

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"
# The Keeper of the Records of Scotland's Model Records Management Plan
# (frameworks/keeper_rmp.yaml): the one tracker of its elements, shared with records.
KEEPER_FRAMEWORK = "keeper-model-rmp"


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


# Progress


def add_progress(update: ProgressUpdate, *, acting_user: Any) -> ProgressUpdate:
    """Record progress on an action; the action shows its latest percentage and RAG."""
    with transaction.atomic():
        update.reported_by = _user(acting_user)
        update.full_clean(exclude=["reported_by"])
        update.save()
        action = PlanAction.objects.select_for_update().get(pk=update.action_id)
        latest = action.progress_updates.order_by("-reported_on", "-id").first()
        if latest is not None:
            action.percent_complete = latest.percentage
            action.rag = latest.rag
            action.last_update_on = latest.reported_on
        if action.status == ActionStatus.NOT_STARTED and update.percentage > 0:
            action.status = ActionStatus.IN_PROGRESS
        if update.percentage == 100 and action.is_open:
            action.status = ActionStatus.COMPLETED
            action.completed_on = update.reported_on
        action.save()
        record_event(
            acting_user,
            action,
            "progress",
            f"Progress {update.percentage}% ({update.get_rag_display()}): {update.narrative[:200]}",
        )
    return update


# Self-assessments


def sync_frameworks(directory: Path = FRAMEWORKS_DIR) -> list[Framework]:
    """Load every framework data file (YAML or JSON) in `directory`; idempotent."""
    loaded = []
    for path in sorted(directory.glob("*.y*ml")) + sorted(directory.glob("*.json")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        with transaction.atomic():
            framework, _ = Framework.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "version": str(data.get("version", "")),
                    "description": (data.get("description") or "").strip(),
                    "source_url": data.get("source_url", ""),
                },
            )
            for order, item in enumerate(data["items"], start=1):
                FrameworkItem.objects.update_or_create(
                    framework=framework,
                    code=str(item["code"]),
                    defaults={
                        "title": item["title"],
                        "expectation": str(item["expectation"]).strip(),
                        "order": order,
                    },
                )
        loaded.append(framework)
    return loaded


def start_assessment(assessment: Assessment, *, acting_user: Any) -> Assessment:
    """Start a self-assessment: one item per expectation, compared with the last one."""
    with transaction.atomic():
        assessment.previous = (
            Assessment.objects.filter(framework_id=assessment.framework_id)
            .exclude(pk=assessment.pk)
            .order_by("-started_on", "-id")
            .first()
        )
        assessment.save()
        bulk_with_history(
            AssessmentItem,
            [
                AssessmentItem(assessment=assessment, item=item)
                for item in assessment.framework.items.all()
            ],
        )
        record_event(
            acting_user,
            assessment,
            "started",
            f"Self-assessment started against {assessment.framework}",
        )
    return assessment


def latest_assessment(framework: Framework | str, user: Any = None) -> Assessment | None:
    """The most recent assessment against a framework (object or slug), in the user's
    scope when a user is given."""
    queryset = (
        Assessment.objects.restrict(user, VIEW) if user is not None else Assessment.objects.all()
    )
    if isinstance(framework, str):
        queryset = queryset.filter(framework__slug=framework)
    else:
        queryset = queryset.filter(framework=framework)
    return queryset.order_by("-started_on", "-id").first()


@business_action(
    allowed=lambda user, assessment: Assessment.policy.allows(user, CHANGE, assessment),
    denied="You may not complete this assessment.",
)
def complete_assessment(assessment: Assessment, *, acting_user: Any) -> Assessment:
    """Complete a self-assessment once every item has been assessed."""
    unassessed = assessment.items.filter(status=ItemStatus.NOT_ASSESSED).count()
    if unassessed:
        raise ValidationError(
            {"status": f"{unassessed} item{'s' if unassessed != 1 else ''} not assessed yet."}
        )
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_on = timezone.localdate()
    assessment.save()
    record_event(acting_user, assessment, "completed", "Self-assessment completed")
    return assessment


@dataclass
class ComparedItem:
    item: AssessmentItem
    previous_status: str
    previous_label: str
    change: str  # "improved", "worse", "same", "new"


def compare(assessment: Assessment) -> list[ComparedItem]:
    """Each item beside its status in the previous assessment of the same framework."""
    previous: dict[int, str] = {}
    if assessment.previous_id:
        previous = dict(
            AssessmentItem.objects.filter(assessment_id=assessment.previous_id).values_list(
                "item_id", "status"
            )
        )
    rows = []
    for item in assessment.items.select_related("item", "action", "owner"):
        before = previous.get(item.item_id)
        if before is None or not assessment.previous_id:
            change = "new"
        else:
            now_rank, then_rank = ITEM_RANK.get(item.status), ITEM_RANK.get(before)
            if now_rank is None or then_rank is None or now_rank == then_rank:
                change = "same" if item.status == before else "changed"
            else:
                change = "improved" if now_rank > then_rank else "worse"
        rows.append(
            ComparedItem(
                item=item,
                previous_status=before or "",
                previous_label=ItemStatus(before).label if before is not None else "—",
                change=change,
            )
        )
    return rows


def may_raise_gap_action(user: Any, item: AssessmentItem) -> bool:
    return AssessmentItem.policy.allows(user, CHANGE, item) and PlanAction.policy.can_add(user)


@business_action(
    allowed=may_raise_gap_action, denied="You may not raise actions from this assessment."
)
def raise_gap_action(
    item: AssessmentItem,
    *,
    acting_user: Any,
    plan: ActionPlan,
    due_date: date,
    title: str = "",
    owner: Any = None,
    division: Any = None,
    heading: str = "",
) -> PlanAction:
    """Turn a self-assessment gap into an action in the plan."""
    with transaction.atomic():
        if item.action_id:
            raise ValidationError({"action": "This gap already has an action in the plan."})
        prefix = "".join(w[0] for w in item.assessment.framework.slug.split("-")).upper()
        base = f"{prefix}-{item.item.code}"
        reference, n = base, 1
        while PlanAction.objects.filter(plan=plan, reference=reference).exists():
            n += 1
            reference = f"{base}-{n}"
        action = PlanAction(
            plan=plan,
            reference=reference,
            title=title or f"Close the gap: {item.item.title}",
            description=item.gap or item.notes,
            owner=owner,
            division=division,
            heading=heading,
            due_date=due_date,
        )
        action.full_clean()
        action.save()
        item.action = action
        item.save(update_fields=["action", "updated_at"])
        record_event(
            acting_user,
            action,
            "raised_from_gap",
            f"Raised from the self-assessment “{item.assessment}”, {item.item}",
        )
    return action


# KPIs


def period_for(frequency: str, day: date) -> tuple[date, date]:
    """The calendar month, quarter or financial year (April to March) containing `day`."""
    if frequency == Frequency.MONTHLY:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if frequency == Frequency.QUARTERLY:
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first_month, 1)
        end_month = first_month + 2
        return start, date(day.year, end_month, calendar.monthrange(day.year, end_month)[1])
    year = day.year if day.month >= 4 else day.year - 1
    return date(year, 4, 1), date(year + 1, 3, 31)


def recent_periods(frequency: str, until: date, count: int) -> list[tuple[date, date]]:
    """The last `count` complete periods before the one containing `until`, oldest first."""
    periods: list[tuple[date, date]] = []
    start, _end = period_for(frequency, until)
    for _ in range(count):
        start, end = period_for(frequency, start - timedelta(days=1))
        periods.append((start, end))
    return list(reversed(periods))


IG_MANAGER_ONLY = "Only the IG manager recomputes KPIs."


def _store_computed(kpi: Kpi, start: date, end: date) -> KpiValue:
    """The period's value worked out from live data, unless that would lose a real one.

    A value entered by hand is never replaced, and "no data" never overwrites a value
    (computed earlier, before a module's records were archived, say): both are kept as
    they are, and the summary says so. A period with no value at all stores "no data".
    """
    value, note = computations.compute(kpi.computed_by, start, end)
    existing = KpiValue.objects.filter(kpi=kpi, period_start=start).first()
    if existing is not None and (
        existing.source == ValueSource.MANUAL or (value is None and existing.value is not None)
    ):
        existing.kept = True  # type: ignore[attr-defined]
        existing.computed_note = note  # type: ignore[attr-defined]
        return existing
    obj, _ = KpiValue.objects.update_or_create(
        kpi=kpi,
        period_start=start,
        defaults={
            "period_end": end,
            "value": value,
            "note": note[:300],
            "source": ValueSource.COMPUTED,
        },
    )
    return obj


def _shown(value: KpiValue) -> str:
    return "no data" if value.value is None else f"{value.value}"


def _computed_summary(values: list[KpiValue]) -> str:
    parts = []
    for v in values:
        if not getattr(v, "kept", False):
            parts.append(f"{v.period_start:%d %b %Y}: {_shown(v)}")
        elif v.source == ValueSource.MANUAL:
            parts.append(f"{v.period_start:%d %b %Y}: {_shown(v)} entered by hand, kept")
        else:
            parts.append(f"{v.period_start:%d %b %Y}: no data now, {_shown(v)} kept")
    return f"Computed from live data ({', '.join(parts)})"


def compute_kpi(kpi: Kpi, start: date, end: date, *, acting_user: Any) -> KpiValue:
    """Compute (or recompute) a KPI's value for one period from live data."""
    with transaction.atomic():
        obj = _store_computed(kpi, start, end)
        record_event(acting_user, kpi, "computed", _computed_summary([obj]))
    return obj


@business_action(allowed=lambda user, kpi: is_ig_manager(user), denied=IG_MANAGER_ONLY)
def recompute_kpi(kpi: Kpi, *, acting_user: Any, periods: int = 4) -> Kpi:
    """Recompute a computed KPI's last `periods` complete periods from live data."""
    if not kpi.computed_by:
        raise ValidationError({"computed_by": "This KPI is entered by hand."})
    values = [
        _store_computed(kpi, start, end)
        for start, end in recent_periods(kpi.frequency, timezone.localdate(), periods)
    ]
    record_event(acting_user, kpi, "computed", _computed_summary(values))
    return kpi


def compute_kpis(*, acting_user: Any, until: date | None = None, count: int = 1) -> int:
    """Compute every active computed KPI for its last `count` complete periods."""
    day = until or timezone.localdate()
    done = 0
    for kpi in Kpi.objects.filter(is_active=True).exclude(computed_by=""):
        with transaction.atomic():
            periods = recent_periods(kpi.frequency, day, count)
            values = [_store_computed(kpi, start, end) for start, end in periods]
            record_event(acting_user, kpi, "computed", _computed_summary(values))
        done += len(values)
    return done


# Update requests


def _may_request(acting_user: Any, division_id: int | None) -> bool:
    roles = get_roles(acting_user)
    if is_ig_manager(acting_user):
        return True
    return division_id is not None and division_id in roles.divisions(Role.INFORMATION_OFFICER)


def request_update(request: UpdateRequest, *, acting_user: Any) -> UpdateRequest:
    """Ask the owner of a risk or action for an update, tracked with a due date."""
    with transaction.atomic():
        subject = request.risk if request.risk_id else request.action
        if subject is None:
            raise ValidationError({"risk": "Choose either a risk or an action."})
        request.division_id = subject.division_id
        if request.owner_id is None:
            request.owner = subject.owner
        if request.owner_id is None:
            raise ValidationError({"owner": "The risk or action has no owner: choose one."})
        if not _may_request(acting_user, request.division_id):
            raise PermissionDenied("You may request updates only in your own division.")
        request.requested_by = _user(acting_user)
        request.full_clean(exclude=["requested_by", "division"])
        request.save()
        record_event(
            acting_user,
            request,
            "requested",
            f"Update requested from {request.owner} by {request.due_date:%d %b %Y}",
        )
        owner = request.owner
        url = settings.SITE_URL + reverse("plans:updaterequest_detail", args=[request.pk])
        queue(
            f"update-request:{request.pk}",
            owner.email if owner else "",
            f"Update requested: {subject}",
            f"Dear {owner.first_name if owner else ''},\n\nThe information governance group "
            f"asks for an update on {subject} by {request.due_date:%d %B %Y}:\n\n"
            f"{request.question}\n\nPlease answer here: {url}\n",
        )
    return request


def may_answer(user: Any, request: UpdateRequest) -> bool:
    """The owner of the risk or action (or the IG manager) answers an update request."""
    person_id = get_roles(user).person_id
    return (person_id is not None and person_id == request.owner_id) or is_ig_manager(user)


@business_action(allowed=may_answer, denied="Only the owner answers this request.")
def answer_update_request(
    request: UpdateRequest, *, acting_user: Any, response: str
) -> UpdateRequest:
    """The owner answers the request in the system."""
    if not response.strip():
        raise ValidationError({"response": "Enter your update."})
    with transaction.atomic():
        request = UpdateRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != UpdateRequestStatus.OPEN:
            raise ValidationError({"status": "This request has already been answered."})
        request.response = response
        request.responded_on = timezone.localdate()
        request.status = UpdateRequestStatus.ANSWERED
        request.save()
        record_event(acting_user, request, "answered", f"Update given: {response[:300]}")
        subject = request.subject
        if subject is not None:
            record_event(acting_user, subject, "update_given", f"Owner's update: {response[:300]}")
    return request


@dataclass
class KpiSummary:
    kpi: Kpi
    latest: KpiValue | None
    previous: KpiValue | None

    @property
    def rag(self) -> str:
        return self.kpi.rag_for(self.latest.value) if self.latest else ""

    @property
    def trend(self) -> str:
        """ "better", "worse" or "same" against the previous period, "" without data."""
        if not (self.latest and self.previous) or None in (self.latest.value, self.previous.value):
            return ""
        assert self.latest.value is not None and self.previous.value is not None  # noqa: S101
        change = self.latest.value - self.previous.value
        if self.kpi.direction == "lower":
            change = -change
        return "better" if change > 0 else "worse" if change < 0 else "same"


def kpi_summary() -> list[KpiSummary]:
    """Each active KPI with its latest and previous values (for dashboards and reports)."""
    kpis = list(Kpi.objects.filter(is_active=True).order_by("name"))
    by_kpi: dict[int, list[KpiValue]] = {}
    for value in KpiValue.objects.filter(kpi__in=kpis).order_by("kpi_id", "-period_start"):
        by_kpi.setdefault(value.kpi_id, []).append(value)
    result = []
    for kpi in kpis:
        history = by_kpi.get(kpi.pk, [])
        result.append(
            KpiSummary(
                kpi, history[0] if history else None, history[1] if len(history) > 1 else None
            )
        )
    return result
