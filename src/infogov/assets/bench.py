"""Asset register speed (PRODUCT §6): a page of 50 assets and an asset's detail, by API;
a data-quality check of a 27,000-row address extract (CSV and xlsx); and the record of
processing as a page and as a PDF."""

from __future__ import annotations

import io
import random
import time
from typing import Any

from django.db import transaction

from infogov.assets.models import InformationAsset
from infogov.core.bench import bench_user, measure, signed_in_client, token_client

EXTRACT_ROWS = 27_000
TOWNS = "Dalkeith; Bonnyrigg; Penicuik; Loanhead"


def register_api() -> list[dict[str, Any]]:
    """Median/p95 time and query count; run after `infogov bench_import` for 5,000 assets."""
    client = token_client()
    first = InformationAsset.objects.order_by("pk").values_list("pk", flat=True).first()
    results = [{"assets": InformationAsset.objects.count()}]
    results.append(measure(client, "/api/assets/assets/?page_size=50", repeat=50))
    if first is not None:
        results.append(measure(client, f"/api/assets/assets/{first}/", repeat=50))
    return results


class _RolledBack(Exception):
    pass


def _time_check(data: bytes, filename: str) -> dict[str, Any]:
    """Queue and run one check the way the job does, then undo every row it wrote."""
    from infogov.assets import services
    from infogov.assets.choices import FieldType
    from infogov.assets.models import DataStandard, StandardField

    asset = InformationAsset.objects.order_by("pk").first()
    if asset is None:
        raise RuntimeError("Load the demo (infogov demo) first.")
    measured: dict[str, Any] = {"file": filename, "rows": EXTRACT_ROWS}
    try:
        with transaction.atomic():
            standard = DataStandard.objects.create(
                name="Benchmark address standard", asset=asset, unique_key="UPRN"
            )
            for name, kind, extra in (
                ("UPRN", FieldType.UPRN, {}),
                ("USRN", FieldType.INTEGER, {"pattern": "[0-9]{8}"}),
                ("Address line 1", FieldType.TEXT, {"max_length": 100, "min_length": 3}),
                ("Town", FieldType.TEXT, {"allowed_values": TOWNS}),
                ("Postcode", FieldType.UK_POSTCODE, {}),
                ("Status", FieldType.TEXT, {"allowed_values": "Approved; Historical"}),
                ("Easting", FieldType.DECIMAL, {"minimum": 0, "maximum": 700000}),
                ("Northing", FieldType.DECIMAL, {"minimum": 0, "maximum": 1300000}),
            ):
                StandardField.objects.create(
                    standard=standard, name=name, field_type=kind, required=True, **extra
                )
            wall, cpu = time.perf_counter(), time.process_time()
            check = services.queue_quality_check(
                standard, acting_user=bench_user(), data=data, filename=filename
            )
            measured["upload_seconds"] = round(time.perf_counter() - wall, 2)
            claimed = services.claim_next_check()
            while claimed is not None and claimed.pk != check.pk:
                claimed = services.claim_next_check()  # leave others' checks to the job
            if claimed is None:
                raise RuntimeError("The benchmark check was not claimed.")
            done = services.perform_quality_check(claimed)
            measured["check_seconds"] = round(time.perf_counter() - wall, 2)
            measured["check_cpu_seconds"] = round(time.process_time() - cpu, 2)
            measured["state"] = done.state
            measured["problems"] = done.error_count
            raise _RolledBack
    except _RolledBack:
        pass
    return measured


def quality_check() -> list[dict[str, Any]]:
    """A 27,000-row address extract checked as CSV (target < 3 s) and xlsx (< 10 s)."""
    from infogov.assets.demo import gazetteer_extract
    from infogov.core.importing import read_sheet
    from infogov.core.spreadsheets import write_sheet

    data = gazetteer_extract(random.Random(27), EXTRACT_ROWS, 0.1)  # noqa: S311 - test data
    sheet = read_sheet(data, "extract.csv")
    buffer = io.BytesIO()
    write_sheet(
        buffer, "xlsx", sheet.headings, ([c[h] for h in sheet.headings] for _, c in sheet.rows)
    )
    return [_time_check(data, "extract.csv"), _time_check(buffer.getvalue(), "extract.xlsx")]


def ropa() -> list[dict[str, Any]]:
    """The record of processing as a page (50 activities) and as the whole PDF, with the
    ratio of their medians (target: the PDF at most 3 times the page)."""
    client = signed_in_client()
    count = InformationAsset.objects.filter(personal_data=True).count()
    page = measure(client, "/assets/record-of-processing/", repeat=10)
    pdf = measure(client, "/assets/record-of-processing/?format=pdf", repeat=3)
    ratio = round(pdf["median_ms"] / page["median_ms"], 1) if page["median_ms"] else None
    return [{"activities": count}, page, pdf, {"pdf_to_page_ratio": ratio}]


BENCHMARKS = {"register_api": register_api, "quality_check": quality_check, "ropa": ropa}
