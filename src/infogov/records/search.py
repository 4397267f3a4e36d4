"""What records management offers to the global search (`core/search.py`): the records
held and the retention schedule's entries."""

from __future__ import annotations

from infogov.core.search import SearchSource
from infogov.records.filters import RecordHoldingFilterSet, RetentionRuleFilterSet
from infogov.records.models import RecordHolding, RetentionRule

SOURCES = [
    SearchSource(
        key="records",
        model=RecordHolding,
        fields=RecordHoldingFilterSet.search_fields,
        title=("title",),
        details=("reference", "division", "status", "trigger_date"),
        order_by=("title",),
        select_related=("division",),
    ),
    SearchSource(
        key="retention-schedule",
        model=RetentionRule,
        label="Retention schedule",
        fields=RetentionRuleFilterSet.search_fields,
        title=("code", "record_series"),
        details=("function", "activity", "disposal_action"),
        order_by=("code",),
    ),
]
