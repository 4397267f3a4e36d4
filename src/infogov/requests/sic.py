"""The Scottish Information Commissioner's quarterly statistics return (FOISA s.60 Code of
Practice; the Commissioner's schedule of quarterly statistics).

The Commissioner's year starts on 1 April: `year=2026, quarter=1` is 1 April-30 June
2026 and `year=2026, quarter=4` is 1 January-31 March 2027. A return is due about six
weeks after its quarter ends.

What lands in a quarter:
- *received* measures count requests and reviews received in the quarter;
- fees notices, fees paid and reg. 7 extensions count the events dated in the quarter;
- timeliness, outcomes and exemptions count the requests answered (or closed) in the
  quarter, by the date of the response;
- *not responded to* counts the requests whose deadline fell in the quarter with no
  response by the quarter's end (and not withdrawn or closed before the deadline).
FOISA (`foi`, `foi_review`) and EIR (`eir`, `eir_review`) cases are counted apart; a
measure that does not exist under one regime is `None` there (an empty cell in the
workbook). Withdrawn events (recorded in error) never count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponseBase

from infogov.clocks import format_date
from infogov.core.spreadsheets import SheetData, workbook_response
from infogov.requests.choices import CaseKind, EventType, Outcome, exemption_entries
from infogov.requests.models import AppliedExemption, Case, CaseEvent

FOISA, EIR = "foisa", "eir"
REGIMES = (FOISA, EIR)
REQUEST_KIND = {CaseKind.FOI.value: FOISA, CaseKind.EIR.value: EIR}
REVIEW_KIND = {CaseKind.FOI_REVIEW.value: FOISA, CaseKind.EIR_REVIEW.value: EIR}
RETURN_DUE_AFTER = timedelta(weeks=6)
FIRST_YEAR, LAST_YEAR = 2000, 2100
QUARTER_MONTHS = {1: "April to June", 2: "July to September", 3: "October to December"}
QUARTER_MONTHS[4] = "January to March"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    provision: str
    regimes: tuple[str, ...] = REGIMES  # where the measure exists


REQUEST_MEASURES = (
    Measure("requests_received", "Requests received", "FOISA s.1(1); EIR reg. 5"),
    Measure(
        "sars_received",
        "Subject access requests received under data protection law",
        "UK GDPR Art. 15",
        (FOISA,),
    ),
    Measure(
        "closed_clarification_not_received",
        "Closed: clarification asked for and not received",
        "FOISA s.1(3); EIR reg. 9(2)",
    ),
    Measure("withdrawn", "Withdrawn by the requester", ""),
    Measure("fees_notices_issued", "Fees notices issued", "FOISA s.9(1); EIR reg. 8"),
    Measure("fees_paid", "Fees paid", "FOISA s.9(1); EIR reg. 8"),
    Measure(
        "responded_within_timescale",
        "Responded to within the timescale",
        "FOISA s.10(1); EIR reg. 5(2)",
    ),
    Measure("responded_late", "Responded to late", "FOISA s.10(1); EIR reg. 5(2)"),
    Measure("not_responded", "Not responded to", "FOISA s.10(1); EIR reg. 5(2)"),
    Measure("extensions_reg7", "Deadline extended to 40 working days", "EIR reg. 7", (EIR,)),
    Measure("refused_excessive_cost", "Refused: excessive cost", "FOISA s.12", (FOISA,)),
    Measure(
        "manifestly_unreasonable_cost",
        "Manifestly unreasonable: cost",
        "EIR reg. 10(4)(b)",
        (EIR,),
    ),
    Measure(
        "manifestly_unreasonable_other",
        "Manifestly unreasonable: other reasons",
        "EIR reg. 10(4)(b)",
        (EIR,),
    ),
    Measure("vexatious", "Refused: vexatious", "FOISA s.14(1)", (FOISA,)),
    Measure("repeated", "Refused: repeated", "FOISA s.14(2)", (FOISA,)),
    Measure("provided_in_full", "Information provided in full", ""),
    Measure("refused_in_full", "Information refused in full", "FOISA s.16; EIR reg. 13"),
    Measure("partially_provided", "Information partially provided", ""),
    Measure("not_held", "Information not held", "FOISA s.17; EIR reg. 10(4)(a)"),
    Measure("neither_confirm_nor_deny", "Neither confirm nor deny", "FOISA s.18; EIR reg. 10(8)"),
)
REVIEW_MEASURES = (
    Measure("reviews_received", "Requirements for review received", "FOISA s.20; EIR reg. 16"),
    Measure(
        "reviews_within_timescale",
        "Reviews responded to within the timescale",
        "FOISA s.21(1); EIR reg. 16(4)",
    ),
    Measure("reviews_late", "Reviews responded to late", "FOISA s.21(1); EIR reg. 16(4)"),
    Measure("reviews_not_responded", "Reviews not responded to", "FOISA s.21(1); EIR reg. 16(4)"),
    Measure(
        "reviews_upheld_without_modification",
        "Original decision upheld without modification",
        "FOISA s.21(4)(a); EIR reg. 16(4)",
    ),
    Measure(
        "reviews_upheld_with_modification",
        "Original decision upheld with modification",
        "FOISA s.21(4)(a); EIR reg. 16(4)",
    ),
    Measure(
        "reviews_overturned",
        "Original decision overturned (substituted)",
        "FOISA s.21(4)(b); EIR reg. 16(4)",
    ),
    Measure(
        "reviews_first_decision",
        "Decision made for the first time (no response had been given)",
        "FOISA s.21(4)(c); EIR reg. 16(4)",
    ),
    Measure(
        "reviews_reg16_complied",
        "Authority found it had complied with the Regulations",
        "EIR reg. 16(3)(b)",
        (EIR,),
    ),
    Measure(
        "reviews_reg16_not_complied",
        "Authority found it had not complied with the Regulations",
        "EIR reg. 16(3)(b)",
        (EIR,),
    ),
)
# The outcome of a request counted under each outcome measure, per regime.
OUTCOME_MEASURES: dict[str, dict[str, str]] = {
    FOISA: {
        Outcome.EXCESSIVE_COST: "refused_excessive_cost",
        Outcome.VEXATIOUS: "vexatious",
        Outcome.REPEATED: "repeated",
    },
    EIR: {
        Outcome.EXCESSIVE_COST: "manifestly_unreasonable_cost",
        Outcome.VEXATIOUS: "manifestly_unreasonable_other",
        Outcome.REPEATED: "manifestly_unreasonable_other",
    },
}
for _regime in REGIMES:
    OUTCOME_MEASURES[_regime].update(
        {
            Outcome.DISCLOSED_IN_FULL: "provided_in_full",
            Outcome.WITHHELD: "refused_in_full",
            Outcome.DISCLOSED_IN_PART: "partially_provided",
            Outcome.NOT_HELD: "not_held",
            Outcome.NEITHER_CONFIRM_NOR_DENY: "neither_confirm_nor_deny",
            Outcome.CLARIFICATION_NOT_RECEIVED: "closed_clarification_not_received",
            Outcome.WITHDRAWN: "withdrawn",
        }
    )
REVIEW_OUTCOME_MEASURES: dict[str, str] = {
    Outcome.REVIEW_UPHELD: "reviews_upheld_without_modification",
    Outcome.REVIEW_UPHELD_MODIFIED: "reviews_upheld_with_modification",
    Outcome.REVIEW_OVERTURNED: "reviews_overturned",
    Outcome.REVIEW_FIRST_DECISION: "reviews_first_decision",
}
# EIR reg. 16(3)(b): a review upholding the decision unchanged finds the Regulations
# complied with; any other result finds they were not.
REG16_COMPLIED = {Outcome.REVIEW_UPHELD}
# Outcomes that are no response: they are never counted as answered on time or late.
NOT_A_RESPONSE = {Outcome.WITHDRAWN, Outcome.CLARIFICATION_NOT_RECEIVED}


@dataclass(frozen=True)
class SicQuarter:
    """One quarter of the Commissioner's year (which starts on 1 April `year`)."""

    year: int
    quarter: int

    @property
    def start(self) -> date:
        month = 3 * self.quarter + 1  # April, July, October, January (+12)
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        following = SicQuarter(self.year + (self.quarter == 4), self.quarter % 4 + 1)
        return following.start - timedelta(days=1)

    @property
    def return_due(self) -> date:
        """About six weeks after the quarter ends (the Commissioner's timetable)."""
        return self.end + RETURN_DUE_AFTER

    @property
    def label(self) -> str:
        return (
            f"{self.year}-{(self.year + 1) % 100:02d} Q{self.quarter} "
            f"({format_date(self.start)} to {format_date(self.end)})"
        )

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def previous(self) -> SicQuarter:
        return SicQuarter(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)


def quarter_of(day: date) -> SicQuarter:
    """The Commissioner's quarter a date falls in (1 January 2027 is 2026 Q4)."""
    year = day.year if day.month >= 4 else day.year - 1
    return SicQuarter(year, (day.month - 4) % 12 // 3 + 1)


def parse_quarter(params: Mapping[str, Any], today: date) -> SicQuarter:
    """`year` and `quarter` from a query string; missing ones default to the last quarter
    that has ended. Bad values raise a ValidationError naming the parameter."""
    default = quarter_of(today).previous()
    errors: dict[str, str] = {}
    year_text = str(params.get("year", "") or "").strip()
    quarter_text = str(params.get("quarter", "") or "").strip()
    year, quarter = default.year, default.quarter
    if year_text:
        if not re.fullmatch(r"\d{4}", year_text):
            errors["year"] = (
                "Enter the year the Commissioner's year starts in as four digits, for example 2026."
            )
        elif not FIRST_YEAR <= int(year_text) <= LAST_YEAR:
            errors["year"] = f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}."
        else:
            year = int(year_text)
    if quarter_text:
        if quarter_text not in {"1", "2", "3", "4"}:
            errors["quarter"] = (
                "Enter a quarter from 1 to 4 (1 is April to June, 4 is January to March)."
            )
        else:
            quarter = int(quarter_text)
    if errors:
        raise ValidationError(errors)
    return SicQuarter(year, quarter)


def _blank(measures: Iterable[Measure]) -> dict[str, dict[str, int | None]]:
    return {m.key: {r: (0 if r in m.regimes else None) for r in REGIMES} for m in measures}


def _add(figures: dict[str, dict[str, int | None]], key: str, regime: str, n: int = 1) -> None:
    current = figures[key][regime]
    if current is not None:
        figures[key][regime] = current + n


def _decided_on(responded: date | None, closed: date | None) -> date | None:
    return responded or closed


def build_return(cases: QuerySet[Case], period: SicQuarter) -> dict[str, Any]:
    """Every measure of the return for `period`, FOISA and EIR apart (three queries)."""
    start, end = period.start, period.end
    requests = _blank(REQUEST_MEASURES)
    reviews = _blank(REVIEW_MEASURES)
    kinds = [*REQUEST_KIND, *REVIEW_KIND, CaseKind.SAR.value]
    in_period = (
        Q(received_on__range=(start, end))
        | Q(responded_on__range=(start, end))
        | Q(closed_on__range=(start, end))
        | Q(due_on__range=(start, end))
    )
    rows = cases.filter(in_period, kind__in=kinds).values_list(
        "pk", "kind", "received_on", "due_on", "responded_on", "closed_on", "outcome"
    )
    decided_cases: dict[int, str] = {}
    for pk, kind, received, due, responded, closed, outcome in rows:
        if kind == CaseKind.SAR:
            if period.contains(received):
                _add(requests, "sars_received", FOISA)
            continue
        regime = REQUEST_KIND.get(kind) or REVIEW_KIND[kind]
        review = kind in REVIEW_KIND
        figures = reviews if review else requests
        prefix = "reviews_" if review else ""
        if period.contains(received):
            _add(figures, "reviews_received" if review else "requests_received", regime)
        decided = _decided_on(responded, closed)
        if responded is not None and period.contains(responded) and outcome not in NOT_A_RESPONSE:
            on_time = due is None or responded <= due
            if review:
                _add(figures, "reviews_within_timescale" if on_time else "reviews_late", regime)
            else:
                _add(figures, "responded_within_timescale" if on_time else "responded_late", regime)
        if (
            due is not None
            and period.contains(due)
            and (responded is None or responded > end)
            and not (closed is not None and closed <= due and responded is None)
        ):
            _add(figures, f"{prefix}not_responded", regime)
        if decided is None or not period.contains(decided):
            continue
        if not review:
            decided_cases[pk] = regime
        if not outcome:
            continue
        if review:
            measure = REVIEW_OUTCOME_MEASURES.get(outcome)
            if measure:
                _add(figures, measure, regime)
                complied = outcome in REG16_COMPLIED
                _add(
                    figures,
                    "reviews_reg16_complied" if complied else "reviews_reg16_not_complied",
                    regime,
                )
            continue
        measure = OUTCOME_MEASURES[regime].get(outcome)
        if measure:
            _add(figures, measure, regime)
    events = (
        CaseEvent.objects.filter(
            case__in=cases,
            case__kind__in=list(REQUEST_KIND),
            withdrawn_at__isnull=True,
            on__range=(start, end),
            type__in=[EventType.FEE_REQUESTED, EventType.FEE_RECEIVED, EventType.EXTENDED],
        )
        .values_list("case__kind", "type")
        .order_by()
    )
    event_measure = {
        EventType.FEE_REQUESTED: "fees_notices_issued",
        EventType.FEE_RECEIVED: "fees_paid",
        EventType.EXTENDED: "extensions_reg7",
    }
    for (kind, type_), n in Counter(events).items():
        _add(requests, event_measure[type_], REQUEST_KIND[kind], n)
    return {
        "year": period.year,
        "quarter": period.quarter,
        "period": period.label,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "return_due": period.return_due.isoformat(),
        "requests": requests,
        "reviews": reviews,
        "exemptions": _exemptions(decided_cases),
    }


def _exemptions(decided_cases: dict[int, str]) -> dict[str, dict[str, int]]:
    """Requests answered in the quarter that applied each exemption (FOISA) or exception
    (EIR), at subsection level: one count per request, however many documents."""
    used = Counter(
        code
        for _case, code in AppliedExemption.objects.filter(
            document__case_id__in=list(decided_cases)
        )
        .values_list("document__case_id", "exemption")
        .order_by()
        .distinct()
    )
    result: dict[str, dict[str, int]] = {FOISA: {}, EIR: {}}
    for entry in exemption_entries():
        if entry.regime not in result:
            continue
        if entry.current or used.get(entry.code):
            result[entry.regime][_reference_key(entry)] = used.get(entry.code, 0)
    return result


def _reference_key(entry: Any) -> str:
    return entry.reference if entry.current else f"{entry.reference} (subsection not recorded)"


def table(figures: dict[str, Any], measures: Iterable[Measure]) -> list[dict[str, Any]]:
    """Rows for the page: label, provision, FOISA and EIR figures."""
    return [
        {
            "key": m.key,
            "label": m.label,
            "provision": m.provision,
            FOISA: figures[m.key][FOISA],
            EIR: figures[m.key][EIR],
        }
        for m in measures
    ]


def exemption_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    titles = {_reference_key(e): e.title for e in exemption_entries()}
    return [
        {
            "regime": "FOISA" if regime == FOISA else "EIRs",
            "provision": reference,
            "title": titles.get(reference, ""),
            "count": count,
        }
        for regime in REGIMES
        for reference, count in data["exemptions"][regime].items()
    ]


def xlsx_response(data: dict[str, Any]) -> HttpResponseBase:
    """The return as a workbook laid out as the Commissioner's template."""
    headings = ["Measure", "Provision", "FOISA", "EIRs"]

    def sheet(title: str, figures: dict[str, Any], measures: Iterable[Measure]) -> SheetData:
        return SheetData(
            title,
            headings,
            [[r["label"], r["provision"], r[FOISA], r[EIR]] for r in table(figures, measures)],
        )

    exemptions = SheetData(
        "ExemptionsExceptions",
        ["Regime", "Provision", "Description", "Requests where applied"],
        [[r["regime"], r["provision"], r["title"], r["count"]] for r in exemption_rows(data)],
    )
    return workbook_response(
        f"sic-return-{data['year']}-q{data['quarter']}.xlsx",
        [
            sheet("Requests", data["requests"], REQUEST_MEASURES),
            sheet("Reviews", data["reviews"], REVIEW_MEASURES),
            exemptions,
        ],
    )
