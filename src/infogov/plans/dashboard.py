"""Plans' panels on the home dashboard: overdue actions and updates asked of me."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.plans.choices import OPEN_STATUSES, ActionStatus, Heading, Rag, UpdateRequestStatus
from infogov.plans.models import ActionPlan, Kpi, KpiValue, PlanAction, UpdateRequest

RAG_TAGS = {
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
}


def _number(value: Any, unit: str) -> str:
    if value is None:
        return "No data"
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value}"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def kpi_panel() -> dict[str, Any] | None:
    """Every active KPI's latest value against its target, with its RAG status."""
    latest = KpiValue.objects.filter(kpi=OuterRef("pk")).order_by("-period_start")
    kpis = list(
        Kpi.objects.filter(is_active=True).annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_period=Subquery(latest.values("period_start")[:1]),
        )
    )
    if not kpis:
        return None
    rows = []
    for kpi in kpis:
        rag = kpi.rag_for(kpi.latest_value)
        rows.append(
            [
                {"text": kpi.name, "url": kpi.get_absolute_url()},
                {"text": _number(kpi.latest_value, kpi.unit), "numeric": True},
                {"text": _number(kpi.target, kpi.unit), "numeric": True},
                {
                    "text": Rag(rag).label if rag else "No data",
                    "tag": RAG_TAGS.get(rag, "govuk-tag--grey"),
                },
                {"text": f"{kpi.latest_period:%b %Y}" if kpi.latest_period else ""},
            ]
        )
    return {
        "title": "Key performance indicators against target",
        "order": 0,
        "table": {
            "caption": "Each KPI's latest value, its target and whether it is on track",
            "head": ["KPI", "Latest", "Target", "Status", "Period from"],
            "numeric": [1, 2],
            "rows": rows,
        },
        "items": [{"label": "All KPIs and their trends", "url": reverse("plans:kpi_list")}],
    }


def plan_progress_panel() -> dict[str, Any] | None:
    """The current action plan's progress: counts for the whole plan and by heading (the
    figures, not the actions, which stay with the people who work them)."""
    plan = ActionPlan.objects.exclude(status="draft").order_by("-year").first()
    if plan is None:
        return None
    today = timezone.localdate()
    open_ = Q(status__in=OPEN_STATUSES)
    figures = {
        "total": Count("pk"),
        "completed": Count("pk", filter=Q(status=ActionStatus.COMPLETED)),
        "overdue": Count("pk", filter=open_ & Q(due_date__lt=today)),
        "off_track": Count("pk", filter=open_ & Q(rag__in=[Rag.RED, Rag.AMBER])),
        "progress": Avg("percent_complete", filter=~Q(status=ActionStatus.CANCELLED)),
    }
    actions = PlanAction.objects.filter(plan=plan)
    whole = actions.aggregate(**figures)
    if not whole["total"]:
        return None
    by_heading = {row["heading"]: row for row in actions.values("heading").annotate(**figures)}
    rows = []
    for value, label in [*Heading.choices, ("", "No heading")]:
        row = by_heading.get(value)
        if row is None:
            continue
        rows.append(
            [
                {"text": label},
                {"text": str(row["total"]), "numeric": True},
                {"text": str(row["completed"]), "numeric": True},
                {"text": str(row["overdue"]), "numeric": True},
                {"text": str(row["off_track"]), "numeric": True},
                {"text": f"{round(row['progress'] or 0)}%", "numeric": True},
            ]
        )
    return {
        "title": f"{plan}: progress",
        "order": 1,
        "stats": [
            {
                "value": whole["total"],
                "label": "Actions in the plan",
                "url": plan.get_absolute_url(),
            },
            {"value": whole["completed"], "label": "Completed"},
            {"value": whole["overdue"], "label": "Overdue"},
            {"value": f"{round(whole['progress'] or 0)}%", "label": "Average progress"},
        ],
        "table": {
            "caption": "Progress of the plan's actions under each heading",
            "head": ["Heading", "Actions", "Completed", "Overdue", "Off track", "Average progress"],
            "numeric": [1, 2, 3, 4, 5],
            "rows": rows,
        },
    }


def member_panels() -> list[dict[str, Any]]:
    """An elected member's home: the KPIs against target and the action plan's progress,
    what the remit asks members to be familiar with."""
    return [panel for panel in (kpi_panel(), plan_progress_panel()) if panel is not None]


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    result: list[dict[str, Any]] = []
    roles = get_roles(user)
    if roles.has_council_wide(Role.ELECTED_MEMBER):
        result.extend(member_panels())
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
