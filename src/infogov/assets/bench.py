"""Asset register speed (PRODUCT §6): a page of 50 assets and an asset's detail, by API."""

from __future__ import annotations

from typing import Any

from infogov.assets.models import InformationAsset
from infogov.core.bench import measure, token_client


def register_api() -> list[dict[str, Any]]:
    """Median/p95 time and query count; run after `infogov bench_import` for 5,000 assets."""
    client = token_client()
    first = InformationAsset.objects.order_by("pk").values_list("pk", flat=True).first()
    results = [{"assets": InformationAsset.objects.count()}]
    results.append(measure(client, "/api/assets/assets/?page_size=50", repeat=50))
    if first is not None:
        results.append(measure(client, f"/api/assets/assets/{first}/", repeat=50))
    return results


BENCHMARKS = {"register_api": register_api}
