"""Analysis: counts and trends by month, division, cause and type; near-miss ratio; timings."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from infogov.clocks import LONDON
from infogov.core.charts import pyplot, svg_data_uri
from infogov.core.permissions import VIEW, get_roles
from infogov.core.roles import Role
from infogov.core.spreadsheets import SheetData, workbook_response
from infogov.incidents.choices import IncidentType
from infogov.incidents.models import INCIDENT_READERS, Incident, median_hours


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Analysis:
    start: date
    end: date
    total: int = 0
    near_misses: int = 0
    months: list[dict[str, Any]] = field(default_factory=list)
    by_division: list[tuple[str, int, int]] = field(default_factory=list)
    by_cause: list[tuple[str, int]] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    repeat_causes: list[tuple[str, str, int]] = field(default_factory=list)
    median_discovery_to_report: float | None = None
    median_aware_to_decision: float | None = None
    reported_to_ico: int = 0

    @property
    def near_miss_ratio(self) -> str:
        if not self.total:
            return "No reports"
        incidents = self.total - self.near_misses
        share = self.near_misses * 100 // self.total
        return f"{self.near_misses} near misses to {incidents} incidents ({share}% near misses)"


def analyse(user: Any, today: date | None = None) -> Analysis:
    """The last twelve months (by month of report, UK time) in the user's scope."""
    today = today or timezone.localdate()
    start = _add_months(_month_start(today), -11)
    since = datetime.combine(start, time.min, tzinfo=LONDON)
    rows = list(
        Incident.objects.restrict(user, VIEW)
        .filter(reported_at__gte=since)
        .values_list(
            "reported_at",
            "discovered_at",
            "aware_at",
            "decision_at",
            "is_near_miss",
            "division__name",
            "cause__name",
            "incident_type",
            "ico_notified_at",
        )
    )
    result = Analysis(start=start, end=today, total=len(rows))
    months: dict[date, list[int]] = {_add_months(start, i): [0, 0] for i in range(12)}
    divisions: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    causes: Counter[str] = Counter()
    types: Counter[str] = Counter()
    repeats: Counter[tuple[str, str]] = Counter()
    to_report: list[timedelta] = []
    to_decision: list[timedelta] = []
    type_labels = dict(IncidentType.choices)
    for reported, discovered, aware, decided, near_miss, division, cause, kind, notified in rows:
        month = _month_start(reported.astimezone(LONDON).date())
        if month in months:
            months[month][1 if near_miss else 0] += 1
        divisions[division][1 if near_miss else 0] += 1
        causes[cause or "Not yet assessed"] += 1
        if cause:
            repeats[(division, cause)] += 1
        types[type_labels.get(kind, "Not yet assessed")] += 1
        result.near_misses += bool(near_miss)
        result.reported_to_ico += notified is not None
        if discovered and reported >= discovered:
            to_report.append(reported - discovered)
        decision_time = decided or notified
        if aware and decision_time and decision_time >= aware:
            to_decision.append(decision_time - aware)
    result.months = [
        {"month": m, "label": m.strftime("%b %Y"), "incidents": v[0], "near_misses": v[1]}
        for m, v in months.items()
    ]
    result.by_division = sorted(
        ((d, v[0], v[1]) for d, v in divisions.items()), key=lambda r: -(r[1] + r[2])
    )
    result.by_cause = causes.most_common()
    result.by_type = types.most_common()
    result.repeat_causes = sorted(
        ((d, c, n) for (d, c), n in repeats.items() if n > 1), key=lambda r: (-r[2], r[0], r[1])
    )
    result.median_discovery_to_report = median_hours(to_report)
    result.median_aware_to_decision = median_hours(to_decision)
    return result


def month_chart(result: Analysis) -> str:
    """A stacked bar chart of incidents and near misses by month, as an SVG data URI."""
    plt = pyplot()
    labels = [m["label"] for m in result.months]
    incidents = [m["incidents"] for m in result.months]
    near = [m["near_misses"] for m in result.months]
    figure, axes = plt.subplots(figsize=(9, 3.6))
    axes.bar(labels, incidents, color="#1d70b8", label="Incidents")
    axes.bar(labels, near, bottom=incidents, color="#f47738", label="Near misses")
    axes.set_ylabel("Reports")
    axes.tick_params(axis="x", labelrotation=45)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return svg_data_uri(figure)


def _hours(value: float | None) -> str:
    if value is None:
        return "No data"
    if value < 48:
        return f"{value:.1f} hours"
    return f"{value / 24:.1f} days"


def _xlsx(result: Analysis) -> HttpResponseBase:
    summary: list[list[Any]] = [
        ["Reports", result.total],
        ["Near misses", result.near_misses],
        ["Reported to the ICO", result.reported_to_ico],
        ["Median hours from discovery to report", result.median_discovery_to_report],
        ["Median hours from awareness to ICO decision", result.median_aware_to_decision],
    ]
    return workbook_response(
        "incident-analysis.xlsx",
        [
            SheetData(
                "By month",
                ["Month", "Incidents", "Near misses"],
                ([m["label"], m["incidents"], m["near_misses"]] for m in result.months),
            ),
            SheetData("By division", ["Division", "Incidents", "Near misses"], result.by_division),
            SheetData("By cause", ["Cause", "Reports"], result.by_cause),
            SheetData("By type", ["Type", "Reports"], result.by_type),
            SheetData("Repeat causes", ["Division", "Cause", "Reports"], result.repeat_causes),
            SheetData("Summary", ["Measure", "Value"], summary),
        ],
    )


def may_analyse(user: Any) -> bool:
    roles = get_roles(user)
    return roles.is_superuser or roles.has(*INCIDENT_READERS, Role.INFORMATION_OFFICER)


@login_required
def analysis_page(request: HttpRequest) -> HttpResponseBase:
    if not may_analyse(request.user):
        raise PermissionDenied("Only the IG team and information officers see the analysis.")
    result = analyse(request.user)
    if request.GET.get("export") == "xlsx":
        return _xlsx(result)
    chart = month_chart(result)
    return render(
        request,
        "incidents/analysis.html",
        {
            "result": result,
            "chart": chart,
            "chart_alt": "Bar chart of incidents and near misses reported each month: "
            + "; ".join(
                f"{m['label']} {m['incidents']} incidents, {m['near_misses']} near misses"
                for m in result.months
            ),
            "median_report": _hours(result.median_discovery_to_report),
            "median_decision": _hours(result.median_aware_to_decision),
        },
    )
