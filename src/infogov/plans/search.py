"""What the action plan offers to the global search (`core/search.py`)."""

from __future__ import annotations

from infogov.core.search import SearchSource
from infogov.plans.filters import PlanActionFilterSet
from infogov.plans.models import PlanAction

SOURCES = [
    SearchSource(
        key="actions",
        model=PlanAction,
        fields=PlanActionFilterSet.search_fields,
        title=("reference", "title"),
        details=("division", "status", "due_date"),
        order_by=("due_date", "reference"),
        select_related=("division",),
    ),
]
