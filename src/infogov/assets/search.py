"""What the information asset register offers to the global search (`core/search.py`)."""

from __future__ import annotations

from infogov.assets.filters import InformationAssetFilterSet
from infogov.assets.models import InformationAsset
from infogov.core.search import SearchSource

SOURCES = [
    SearchSource(
        key="assets",
        model=InformationAsset,
        fields=InformationAssetFilterSet.search_fields,
        title=("name",),
        details=("division", "owner", "next_review"),
        order_by=("name",),
        select_related=("division", "owner"),
    ),
]
