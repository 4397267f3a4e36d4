"""What the organisation offers to the global search (`core/search.py`): people."""

from __future__ import annotations

from infogov.core.search import SearchSource
from infogov.organisation.filters import PersonFilterSet
from infogov.organisation.models import Person

SOURCES = [
    SearchSource(
        key="people",
        model=Person,
        fields=PersonFilterSet.search_fields,
        title=("first_name", "last_name"),
        separator=" ",
        details=("job_title", "division"),
        order_by=("last_name", "first_name"),
        select_related=("division",),
    ),
]
