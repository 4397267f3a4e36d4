"""What information requests offer to the global search (`core/search.py`).

Besides the list's fields, a case is found by its requester's or data subject's name,
but only by those who may read them (the IG manager, the SIRO, the case's caseworker):
for anyone else those fields are masked, so they match nothing. Results show no
personal details, only the reference, kind, status and dates."""

from __future__ import annotations

from infogov.core.search import SearchSource
from infogov.requests.filters import CaseFilterSet
from infogov.requests.models import Case

SOURCES = [
    SearchSource(
        key="requests",
        model=Case,
        fields=CaseFilterSet.search_fields,
        title=("reference",),
        details=("kind", "status", "received_on", "due_on"),
        order_by=("-received_on",),
    ),
]
