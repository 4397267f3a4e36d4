"""What the incident log offers to the global search (`core/search.py`)."""

from __future__ import annotations

from infogov.core.search import SearchSource
from infogov.incidents.filters import IncidentFilterSet
from infogov.incidents.models import Incident

SOURCES = [
    SearchSource(
        key="incidents",
        model=Incident,
        fields=IncidentFilterSet.search_fields,
        title=("reference", "title"),
        details=("division", "status", "reported_at"),
        order_by=("-reported_at",),
        select_related=("division",),
    ),
]
