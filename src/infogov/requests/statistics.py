"""Timeliness statistics and the Scottish Information Commissioner's quarterly figures."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponseBase

from infogov.core.charts import pyplot, svg_data_uri
from infogov.core.spreadsheets import SheetData, workbook_response
from infogov.requests.choices import (
    OPEN_STATUSES,
    CaseKind,
    Outcome,
    exemption_choices,
)
from infogov.requests.models import AppliedExemption
from infogov.requests.sic import SicQuarter, quarter_of

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
KIND_LABELS = dict(CaseKind.choices)
OUTCOME_LABELS = dict(Outcome.choices)
EXEMPTION_LABELS = dict(exemption_choices())


def _row(label: str) -> dict[str, Any]:
    return {
        "label": label,
        "received": 0,
        "responded": 0,
        "on_time": 0,
        "late": 0,
        "open_overdue": 0,
    }


def _percent(row: dict[str, Any]) -> None:
    row["percent"] = round(100 * row["on_time"] / row["responded"]) if row["responded"] else None


def build(cases: QuerySet[Any], year: int, today: date) -> dict[str, Any]:
    """All the figures for one calendar year, from one query (plus one for exemptions);
    the Commissioner's quarters are those of the year starting in April of `year`."""
    rows = list(
        cases.filter(received_on__year__in=[year - 1, year, year + 1]).values_list(
            "pk",
            "kind",
            "received_on",
            "due_on",
            "responded_on",
            "status",
            "division__name",
            "outcome",
            "appeal_status",
            "caseworker__first_name",
            "caseworker__last_name",
        )
    )
    by_month = [_row(m) for m in MONTHS]
    by_kind: dict[str, dict[str, Any]] = {}
    by_division: dict[str, dict[str, Any]] = {}
    by_caseworker: dict[str, dict[str, Any]] = {}
    # The Commissioner's quarters start in April: those of the Commissioner's year that
    # starts in April of `year` (Q4 is January to March of the next year).
    quarters: dict[int, dict[str, Any]] = {
        q: {
            "quarter": SicQuarter(year, q).label,
            "year": year,
            "number": q,
            "foi_received": 0,
            "eir_received": 0,
            "responded": 0,
            "on_time": 0,
            "outcomes": Counter(),
            "reviews": 0,
            "review_outcomes": Counter(),
            "appeals": 0,
            "exemptions": Counter(),
        }
        for q in (1, 2, 3, 4)
    }
    responded_cases: dict[int, int] = {}
    for pk, kind, received, due, responded, status, division, outcome, appeal, first, last in rows:
        received_this_year = received.year == year
        kind_row = by_kind.setdefault(kind, _row(KIND_LABELS.get(kind, kind)))
        division_row = by_division.setdefault(division or "", _row(division or "Council-wide"))
        worker = f"{first} {last}" if first or last else "Unassigned"
        worker_row = by_caseworker.setdefault(worker, _row(worker))
        targets = [kind_row, division_row, worker_row]
        if received_this_year:
            by_month[received.month - 1]["received"] += 1
            for target in targets:
                target["received"] += 1
            if status in OPEN_STATUSES and due is not None and due < today:
                for target in [*targets, by_month[received.month - 1]]:
                    target["open_overdue"] += 1
        if responded is not None and responded.year == year:
            on_time = due is not None and responded <= due
            for target in [*targets, by_month[responded.month - 1]]:
                target["responded"] += 1
                target["on_time" if on_time else "late"] += 1
        received_quarter = quarter_of(received)
        quarter = quarters[received_quarter.quarter] if received_quarter.year == year else None
        if quarter is not None and kind in {CaseKind.FOI, CaseKind.EIR}:
            quarter[f"{kind}_received"] += 1
            if appeal:
                quarter["appeals"] += 1
        if quarter is not None and kind in {CaseKind.FOI_REVIEW, CaseKind.EIR_REVIEW}:
            quarter["reviews"] += 1
            if outcome:
                quarter["review_outcomes"][OUTCOME_LABELS.get(outcome, outcome)] += 1
        if (
            responded is not None
            and quarter_of(responded).year == year
            and kind in {CaseKind.FOI, CaseKind.EIR}
        ):
            number = quarter_of(responded).quarter
            responded_quarter = quarters[number]
            responded_quarter["responded"] += 1
            if due is not None and responded <= due:
                responded_quarter["on_time"] += 1
            if outcome:
                responded_quarter["outcomes"][OUTCOME_LABELS.get(outcome, outcome)] += 1
            responded_cases[pk] = number
    if responded_cases:
        for case_id, exemption in (
            AppliedExemption.objects.filter(document__case_id__in=list(responded_cases))
            .values_list("document__case_id", "exemption")
            .order_by()
            .distinct()
        ):
            quarters[responded_cases[case_id]]["exemptions"][
                EXEMPTION_LABELS.get(exemption, exemption)
            ] += 1
    for collection in (by_month, by_kind.values(), by_division.values(), by_caseworker.values()):
        for row in collection:
            _percent(row)
    quarter_list = []
    for q in quarters.values():
        q["outcomes"] = sorted(q["outcomes"].items())
        q["review_outcomes"] = sorted(q["review_outcomes"].items())
        q["exemptions"] = sorted(q["exemptions"].items())
        q["percent"] = round(100 * q["on_time"] / q["responded"]) if q["responded"] else None
        quarter_list.append(q)
    totals = _row("Total")
    for row in by_kind.values():
        for key in ("received", "responded", "on_time", "late", "open_overdue"):
            totals[key] += row[key]
    _percent(totals)
    return {
        "by_month": by_month,
        "by_kind": sorted(by_kind.values(), key=lambda r: r["label"]),
        "by_division": sorted(by_division.values(), key=lambda r: r["label"]),
        "by_caseworker": sorted(by_caseworker.values(), key=lambda r: r["label"]),
        "quarters": quarter_list,
        "totals": totals,
    }


def timeliness_chart(data: dict[str, Any]) -> dict[str, str]:
    """Responses on time and late by month, as an SVG data URI with alt text."""
    plt = pyplot()
    months = data["by_month"]
    on_time = [m["on_time"] for m in months]
    late = [m["late"] for m in months]
    figure, axes = plt.subplots(figsize=(8, 3))
    axes.bar(MONTHS, on_time, color="#00703c", label="On time")
    axes.bar(MONTHS, late, bottom=on_time, color="#d4351c", label="Late")
    axes.set_ylabel("Responses")
    axes.legend(frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    src = svg_data_uri(figure)
    total_on_time, total_late = sum(on_time), sum(late)
    alt = (
        f"Bar chart of responses by month: {total_on_time} on time and {total_late} late "
        "in the year. The same figures are in the table below."
    )
    return {"src": src, "alt": alt}


def xlsx_response(data: dict[str, Any], year: int) -> HttpResponseBase:
    headings = ["", "Received", "Responded", "On time", "Late", "% on time", "Open and overdue"]

    def table(title: str, rows: list[dict[str, Any]]) -> SheetData:
        keys = ("label", "received", "responded", "on_time", "late", "percent", "open_overdue")
        return SheetData(title, headings, ([row[k] for k in keys] for row in rows))

    def joined(pairs: Any) -> str:
        return "; ".join(f"{k}: {v}" for k, v in pairs)

    quarters = SheetData(
        "SIC quarterly",
        [
            "Quarter",
            "FOI requests received",
            "EIR requests received",
            "FOI/EIR responses",
            "Within timescale",
            "Reviews received",
            "Appeals to the Commissioner",
            "Outcomes",
            "Review outcomes",
            "Exemptions and exceptions applied",
        ],
        (
            [
                q["quarter"],
                q["foi_received"],
                q["eir_received"],
                q["responded"],
                q["on_time"],
                q["reviews"],
                q["appeals"],
                joined(q["outcomes"]),
                joined(q["review_outcomes"]),
                joined(q["exemptions"]),
            ]
            for q in data["quarters"]
        ),
    )
    return workbook_response(
        f"request-statistics-{year}.xlsx",
        [
            table("By month", data["by_month"]),
            table("By kind", [*data["by_kind"], data["totals"]]),
            table("By division", data["by_division"]),
            table("By caseworker", data["by_caseworker"]),
            quarters,
        ],
    )
