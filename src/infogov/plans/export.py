"""The action plan export for a corporate performance system (Pentana/Covalent).

Layout (one row per action, headings in row 1 of the first sheet, dates as YYYY-MM-DD,
several values in one cell separated by "; "):

| Column            | Meaning                                                          |
|-------------------|------------------------------------------------------------------|
| Plan year         | the year the plan starts, e.g. 2026 for 2026/27                  |
| Action code       | the action's reference in the plan, unique within the plan      |
| Action title      | short title                                                      |
| Description       | what will be done                                                |
| Heading           | one of the five risk headings, or empty                          |
| Division          | the division's name, or "Council-wide"                           |
| Assigned to       | the owner's e-mail address                                       |
| Assigned to name  | the owner's name                                                 |
| Due date          | date the action is due                                           |
| Status            | Not started, In progress, Completed or Cancelled                 |
| Progress %        | latest percentage complete, 0 to 100                             |
| RAG               | latest status: Green, Amber or Red (empty before any update)     |
| Latest note       | the narrative of the latest progress update                      |
| Note date         | the date of the latest progress update                           |
| Completed date    | date completed, if completed                                     |
| Milestones        | "title (due YYYY-MM-DD, done YYYY-MM-DD)" for each milestone    |
| Risk              | the reference of the risk the action treats, if any              |
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from infogov.core.tables import Column
from infogov.plans.models import Milestone, PlanAction, ProgressUpdate


def _latest(action: Any) -> ProgressUpdate | None:
    updates = getattr(action, "latest_updates", None)
    return updates[0] if updates else None


def _milestones(action: Any) -> str:
    parts = []
    for m in action.milestones.all():
        done = f", done {m.completed_on.isoformat()}" if m.completed_on else ""
        parts.append(f"{m.title} (due {m.due_date.isoformat()}{done})")
    return "; ".join(parts)


def _rag(action: Any) -> str:
    return {"green": "Green", "amber": "Amber", "red": "Red"}.get(action.rag, "")


EXPORT_COLUMNS = (
    Column("plan_year", "Plan year", lambda a: a.plan.year),
    Column("reference", "Action code"),
    Column("title", "Action title"),
    Column("description", "Description"),
    Column("heading", "Heading"),
    Column("division", "Division", lambda a: a.division.name if a.division else "Council-wide"),
    Column("owner_email", "Assigned to", lambda a: a.owner.email if a.owner else ""),
    Column("owner_name", "Assigned to name", lambda a: a.owner.full_name if a.owner else ""),
    Column("due_date", "Due date"),
    Column("status", "Status"),
    Column("percent_complete", "Progress %"),
    Column("rag", "RAG", _rag),
    Column("note", "Latest note", lambda a: u.narrative if (u := _latest(a)) else ""),
    Column("note_date", "Note date", lambda a: u.reported_on if (u := _latest(a)) else None),
    Column("completed_on", "Completed date"),
    Column("milestones", "Milestones", _milestones),
    Column("risk", "Risk", lambda a: a.risk.reference if a.risk else ""),
)


def export_queryset(queryset: QuerySet[PlanAction]) -> QuerySet[PlanAction]:
    """The actions with everything the export needs, in a constant number of queries."""
    return (
        queryset.select_related("plan", "division", "owner", "risk")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.order_by("-reported_on", "-id"),
                to_attr="latest_updates",
            ),
        )
        .order_by("reference")
    )
