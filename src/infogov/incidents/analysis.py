"""Analysis for the board: a chosen period (dates, a financial year or a quarter), near misses
apart from incidents reported to the ICO and those not reported, cause by quarter and
division by quarter, timings; the same figures on the page, in the download and the API.

The council's financial year runs from 1 April to 31 March; quarter 1 is April to June.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from infogov.clocks import LONDON
from infogov.core.charts import stacked_bars_svg
from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.core.spreadsheets import SheetData, spreadsheet_response, workbook_response
from infogov.incidents.choices import IcoCategory, IncidentType
from infogov.incidents.models import INCIDENT_READERS, Incident, median_hours

NOT_ASSESSED = "Not yet assessed"
OUTCOMES = (
    ("near_misses", "Near misses"),
    ("reported_to_ico", "Incidents reported to the ICO"),
    ("not_reported", "Incidents not reported to the ICO"),
)
MAX_YEARS = 10


# --- the period -----------------------------------------------------------------------
def financial_year(day: date) -> int:
    """The financial year a day falls in, named by its first year (2025 = 2025-26)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year: Q1 April to June ... Q4 January to March."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(financial_year(day), (day.month - 4) % 12 // 3 + 1)

    @property
    def start(self) -> date:
        return _add_months(date(self.year, 4, 1), 3 * (self.number - 1))

    @property
    def end(self) -> date:
        return _add_months(self.start, 3) - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{year_label(self.year)} Q{self.number}"

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @property
    def quarters(self) -> list[Quarter]:
        found, quarter = [], Quarter.of(self.start)
        while quarter.start <= self.end:
            found.append(quarter)
            quarter = quarter.next()
        return found

    def query(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


class PeriodError(ValueError):
    """A bad period: `errors` maps each parameter (from, to, year, quarter) to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _date(params: Mapping[str, Any], name: str, errors: dict[str, str], what: str) -> date | None:
    raw = str(params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = f"Enter the {what} of the period as a date, for example 2025-04-01."
        return None


def _year(raw: str, errors: dict[str, str]) -> int | None:
    text = raw.strip()
    first, _, second = text.partition("-")
    if first.isdigit() and len(first) == 4:
        year = int(first)
        if not second or second == f"{(year + 1) % 100:02d}":
            return year
    errors["year"] = "Enter a financial year such as 2025-26 (April 2025 to March 2026)."
    return None


def parse_period(params: Mapping[str, Any], today: date | None = None) -> Period:
    """The period asked for: `from`/`to` dates, or a financial `year` (2025 or 2025-26)
    with an optional `quarter` (1 to 4, Q1 is April to June). Nothing: this financial year so far.
    Raises `PeriodError` naming the parameter."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    raw_year = str(params.get("year") or "").strip()
    raw_quarter = str(params.get("quarter") or "").strip().upper().removeprefix("Q")
    start = _date(params, "from", errors, "start")
    end = _date(params, "to", errors, "end")
    if (raw_year or raw_quarter) and (params.get("from") or params.get("to")):
        errors["year"] = "Choose either dates or a financial year and quarter, not both."
    if errors:
        raise PeriodError(errors)
    if raw_year or raw_quarter:
        year = _year(raw_year, errors) if raw_year else financial_year(today)
        number = None
        if raw_quarter:
            if raw_quarter in {"1", "2", "3", "4"}:
                number = int(raw_quarter)
            else:
                errors["quarter"] = "Choose quarter 1, 2, 3 or 4 (quarter 1 is April to June)."
        if errors or year is None:
            raise PeriodError(errors)
        if number is not None:
            quarter = Quarter(year, number)
            return Period(quarter.start, quarter.end, f"{quarter.label} ({_span(quarter)})")
        return Period(date(year, 4, 1), date(year + 1, 3, 31), f"Financial year {year_label(year)}")
    if start is None and end is None:
        year = financial_year(today)
        return Period(
            date(year, 4, 1), today, f"Financial year {year_label(year)} to {today:%-d %B %Y}"
        )
    end = end or today
    start = start or date(financial_year(end), 4, 1)
    if end < start:
        raise PeriodError({"to": "The end of the period must be on or after its start."})
    if (end - start).days > MAX_YEARS * 366:
        raise PeriodError({"from": f"Choose a period of at most {MAX_YEARS} years."})
    return Period(start, end, f"{start:%-d %B %Y} to {end:%-d %B %Y}")


def _span(quarter: Quarter) -> str:
    return f"{quarter.start:%B} to {quarter.end:%B %Y}"


# --- the figures ----------------------------------------------------------------------
@dataclass
class Breakdown:
    """Counts per quarter for one row (a cause, an ICO type, a division or an outcome)."""

    name: str
    counts: list[int]
    detail: str = ""  # the cause's ICO type, or the ICO type's category

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Analysis:
    period: Period
    quarters: list[Quarter]
    total: int = 0
    near_misses: int = 0
    reported_to_ico: int = 0
    not_reported: int = 0
    by_outcome: list[Breakdown] = field(default_factory=list)
    by_cause: list[Breakdown] = field(default_factory=list)
    by_ico_type: list[Breakdown] = field(default_factory=list)
    by_division: list[Breakdown] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    repeat_causes: list[tuple[str, str, int]] = field(default_factory=list)
    median_discovery_to_report: float | None = None
    median_aware_to_decision: float | None = None

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end

    @property
    def quarter_labels(self) -> list[str]:
        return [q.label for q in self.quarters]

    @property
    def near_miss_ratio(self) -> str:
        if not self.total:
            return "No reports"
        incidents = self.total - self.near_misses
        share = self.near_misses * 100 // self.total
        return f"{self.near_misses} near misses to {incidents} incidents ({share}% near misses)"

    def as_json(self) -> dict[str, Any]:
        def rows(items: list[Breakdown], key: str, detail: str | None) -> list[dict[str, Any]]:
            return [
                {
                    key: b.name,
                    **({detail: b.detail} if detail else {}),
                    "by_quarter": dict(zip(self.quarter_labels, b.counts, strict=True)),
                    "total": b.total,
                }
                for b in items
            ]

        return {
            "period": {**self.period.query(), "label": self.period.label},
            "quarters": [
                {"quarter": q.label, "from": q.start.isoformat(), "to": q.end.isoformat()}
                for q in self.quarters
            ],
            "totals": {
                "reports": self.total,
                "near_misses": self.near_misses,
                "reported_to_ico": self.reported_to_ico,
                "not_reported": self.not_reported,
            },
            "by_outcome": rows(self.by_outcome, "outcome", None),
            "by_cause": rows(self.by_cause, "cause", "ico_type"),
            "by_ico_type": rows(self.by_ico_type, "ico_type", "category"),
            "by_division": rows(self.by_division, "division", None),
            "by_type": [{"type": name, "total": n} for name, n in self.by_type],
            "repeat_causes": [
                {"division": d, "cause": c, "total": n} for d, c, n in self.repeat_causes
            ],
            "median_hours_discovery_to_report": self.median_discovery_to_report,
            "median_hours_awareness_to_decision": self.median_aware_to_decision,
        }


def _rows(
    counts: Mapping[str, list[int]], details: Mapping[str, str] | None = None
) -> list[Breakdown]:
    found = [Breakdown(name, list(v), (details or {}).get(name, "")) for name, v in counts.items()]
    return sorted(found, key=lambda b: (b.name == NOT_ASSESSED, -b.total, b.name))


def analyse(user: Any, period: Period | None = None) -> Analysis:
    """Reports in the user's scope in the period (by date of report, UK time)."""
    period = period or parse_period({})
    quarters = period.quarters
    slot = {q: i for i, q in enumerate(quarters)}
    since = datetime.combine(period.start, time.min, tzinfo=LONDON)
    until = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=LONDON)
    rows = list(
        Incident.objects.restrict(user, VIEW)
        .filter(reported_at__gte=since, reported_at__lt=until)
        .values_list(
            "reported_at",
            "discovered_at",
            "aware_at",
            "decision_at",
            "is_near_miss",
            "division__name",
            "cause__name",
            "cause__ico_type__name",
            "cause__ico_type__category",
            "incident_type",
            "ico_notified_at",
        )
    )
    result = Analysis(period=period, quarters=quarters, total=len(rows))

    def empty() -> list[int]:
        return [0] * len(quarters)

    outcomes: dict[str, list[int]] = {label: empty() for _, label in OUTCOMES}
    causes: defaultdict[str, list[int]] = defaultdict(empty)
    ico_types: defaultdict[str, list[int]] = defaultdict(empty)
    divisions: defaultdict[str, list[int]] = defaultdict(empty)
    cause_ico: dict[str, str] = {}
    ico_category: dict[str, str] = {}
    types: Counter[str] = Counter()
    repeats: Counter[tuple[str, str]] = Counter()
    to_report: list[timedelta] = []
    to_decision: list[timedelta] = []
    type_labels = dict(IncidentType.choices)
    categories = dict(IcoCategory.choices)
    labels = dict(OUTCOMES)
    for (
        reported,
        discovered,
        aware,
        decided,
        near_miss,
        division,
        cause,
        ico_type,
        category,
        kind,
        notified,
    ) in rows:
        i = slot[Quarter.of(reported.astimezone(LONDON).date())]
        outcome = "near_misses" if near_miss else "reported_to_ico" if notified else "not_reported"
        setattr(result, outcome, getattr(result, outcome) + 1)
        outcomes[labels[outcome]][i] += 1
        causes[cause or NOT_ASSESSED][i] += 1
        ico_types[ico_type or NOT_ASSESSED][i] += 1
        divisions[division][i] += 1
        if cause:
            cause_ico[cause] = ico_type
            ico_category[ico_type] = str(categories.get(category, category))
            repeats[(division, cause)] += 1
        types[type_labels.get(kind, NOT_ASSESSED)] += 1
        if discovered and reported >= discovered:
            to_report.append(reported - discovered)
        decision_time = decided or notified
        if aware and decision_time and decision_time >= aware:
            to_decision.append(decision_time - aware)
    result.by_outcome = [Breakdown(name, counts) for name, counts in outcomes.items()]
    result.by_cause = _rows(causes, cause_ico)
    result.by_ico_type = _rows(ico_types, ico_category)
    result.by_division = _rows(divisions)
    result.by_type = types.most_common()
    result.repeat_causes = sorted(
        ((d, c, n) for (d, c), n in repeats.items() if n > 1), key=lambda r: (-r[2], r[0], r[1])
    )
    result.median_discovery_to_report = median_hours(to_report)
    result.median_aware_to_decision = median_hours(to_decision)
    return result


# --- charts, downloads and the page ---------------------------------------------------
CHART_ROWS = 8  # the chart shows the largest rows; "Others" sums the rest (the table has all)


def _chart_series(rows: list[Breakdown], width: int) -> list[tuple[str, list[int]]]:
    shown = [(b.name, b.counts) for b in rows[:CHART_ROWS]]
    rest = rows[CHART_ROWS:]
    if rest:
        shown.append(("Others", [sum(b.counts[i] for b in rest) for i in range(width)]))
    return shown


def _alt(title: str, result: Analysis, rows: list[Breakdown]) -> str:
    parts = [
        f"{b.name}: "
        + ", ".join(f"{q} {n}" for q, n in zip(result.quarter_labels, b.counts, strict=True))
        for b in rows[:CHART_ROWS]
    ]
    return f"{title} by quarter. " + "; ".join(parts) + ". The table below gives every figure."


def charts(result: Analysis) -> list[dict[str, Any]]:
    """One chart per breakdown, each with its table (the same numbers) and alt text."""
    found = []
    for key, title, rows, heading in (
        ("outcome", "Near misses and incidents", result.by_outcome, "Reports"),
        ("cause", "Reports by cause", result.by_cause, "Cause"),
        ("ico-type", "Reports by ICO incident type", result.by_ico_type, "ICO incident type"),
        ("division", "Reports by division", result.by_division, "Division"),
    ):
        width = len(result.quarters)
        found.append(
            {
                "id": key,
                "title": title,
                "heading": heading,
                "rows": rows,
                "svg": stacked_bars_svg(
                    result.quarter_labels, _chart_series(rows, width), ylabel="Reports"
                )
                if rows
                else "",
                "alt": _alt(title, result, rows),
            }
        )
    return found


def _quarter_sheet(title: str, heading: str, result: Analysis, rows: list[Breakdown]) -> SheetData:
    detail = {"Cause": ["ICO incident type"], "ICO incident type": ["Category"]}.get(heading, [])
    return SheetData(
        title,
        [heading, *detail, *result.quarter_labels, "Total"],
        ([b.name, *([b.detail] if detail else []), *b.counts, b.total] for b in rows),
    )


def _sheets(result: Analysis) -> list[SheetData]:
    summary: list[list[Any]] = [
        ["Period", result.period.label],
        ["From", result.start],
        ["To", result.end],
        ["Reports", result.total],
        ["Near misses", result.near_misses],
        ["Incidents reported to the ICO", result.reported_to_ico],
        ["Incidents not reported to the ICO", result.not_reported],
        ["Median hours from discovery to report", result.median_discovery_to_report],
        ["Median hours from awareness to ICO decision", result.median_aware_to_decision],
    ]
    return [
        SheetData("Summary", ["Measure", "Value"], summary),
        _quarter_sheet("By quarter", "Reports", result, result.by_outcome),
        _quarter_sheet("Cause by quarter", "Cause", result, result.by_cause),
        _quarter_sheet("ICO type by quarter", "ICO incident type", result, result.by_ico_type),
        _quarter_sheet("Division by quarter", "Division", result, result.by_division),
        SheetData("By type", ["Type", "Reports"], result.by_type),
        SheetData("Repeat causes", ["Division", "Cause", "Reports"], result.repeat_causes),
    ]


def download(result: Analysis, fmt: str) -> HttpResponseBase:
    """The analysis as a workbook (one sheet per table) or one CSV of every table's rows."""
    name = f"incident-analysis-{result.start.isoformat()}-to-{result.end.isoformat()}"
    if fmt == "xlsx":
        return workbook_response(f"{name}.xlsx", _sheets(result))
    rows: list[list[Any]] = []
    for table, breakdowns in (
        ("Reports", result.by_outcome),
        ("Cause", result.by_cause),
        ("ICO incident type", result.by_ico_type),
        ("Division", result.by_division),
    ):
        for b in breakdowns:
            rows.extend(
                [table, b.name, b.detail, q.label, q.start, q.end, n]
                for q, n in zip(result.quarters, b.counts, strict=True)
            )
    return spreadsheet_response(
        name,
        "csv",
        ["Table", "Row", "Detail", "Quarter", "Quarter from", "Quarter to", "Reports"],
        rows,
    )


def _hours(value: float | None) -> str:
    if value is None:
        return "No data"
    if value < 48:
        return f"{value:.1f} hours"
    return f"{value / 24:.1f} days"


def may_analyse(user: Any) -> bool:
    roles = get_roles(user)
    return roles.is_superuser or roles.has(*INCIDENT_READERS, Role.INFORMATION_OFFICER)


DENIED = "Only the IG team and information officers see the analysis."


def year_choices(today: date | None = None) -> list[tuple[str, str]]:
    current = financial_year(today or timezone.localdate())
    return [(year_label(y), year_label(y)) for y in range(current, current - 6, -1)]


@login_required
def analysis_page(request: HttpRequest) -> HttpResponseBase:
    if not may_analyse(request.user):
        raise PermissionDenied(DENIED)
    try:
        period = parse_period(request.GET)
    except PeriodError as exc:
        return render(
            request,
            "incidents/analysis.html",
            {
                "errors": exc.errors,
                "params": request.GET,
                "years": year_choices(),
            },
            status=400,
        )
    result = analyse(request.user, period)
    export = request.GET.get("export")
    if export in {"xlsx", "csv"}:
        return download(result, export)
    query = "&".join(f"{k}={v}" for k, v in period.query().items())
    return render(
        request,
        "incidents/analysis.html",
        {
            "result": result,
            "charts": charts(result),
            "params": request.GET,
            "years": year_choices(),
            "export_xlsx": f"?{query}&export=xlsx",
            "export_csv": f"?{query}&export=csv",
            "median_report": _hours(result.median_discovery_to_report),
            "median_decision": _hours(result.median_aware_to_decision),
        },
    )
