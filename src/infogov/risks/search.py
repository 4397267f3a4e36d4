"""What the risk register offers to the global search (`core/search.py`)."""

from __future__ import annotations

from infogov.core.search import SearchSource
from infogov.risks.filters import RiskFilterSet
from infogov.risks.models import Risk

SOURCES = [
    SearchSource(
        key="risks",
        model=Risk,
        fields=RiskFilterSet.search_fields,
        title=("reference", "title"),
        details=("division", "status", "residual_score"),
        order_by=("-residual_score", "reference"),
        select_related=("division",),
    ),
]
