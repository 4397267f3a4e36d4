"""The ICO report pack: the fields the ICO's breach report asks for, as PDF and Word."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from infogov.clocks import format_date
from infogov.core.documents import docx_document, pdf_from_html
from infogov.core.history import REVEALS
from infogov.core.models import record_event
from infogov.core.permissions import VIEW
from infogov.incidents import services
from infogov.incidents.models import Incident, ReportabilityThresholds, to_the_minute
from infogov.organisation.models import Council

Section = tuple[str, list[tuple[str, str]]]


def _dt(value: Any) -> str:
    return to_the_minute(value) if value else "Not recorded"


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not yet assessed")  # type: ignore[arg-type]


def sections(incident: Incident) -> list[Section]:
    """The ICO breach report's questions, answered from the case."""
    council = Council.current()
    thresholds = ReportabilityThresholds.current()
    reportable, tell = incident.reportability(thresholds)
    deadline = incident.ico_deadline
    data_categories = ", ".join(str(c) for c in incident.data_categories.all()) or "Not recorded"
    subject_categories = (
        ", ".join(str(c) for c in incident.subject_categories.all()) or "Not recorded"
    )
    others = (
        "; ".join(
            f"{n} on {to_the_minute(n.notified_at)}"
            + (f" (reference {n.reference})" if n.reference else "")
            for n in incident.other_notifications.all()
        )
        or "None"
    )
    individuals = "Not yet told"
    if incident.individuals_notified_on:
        individuals = (
            f"{incident.individuals_count or 'The'} people told by "
            f"{incident.get_individuals_method_display().lower()} on "
            f"{format_date(incident.individuals_notified_on)}"
        )
    return [
        (
            "Report type",
            [
                (
                    "Initial or follow-up report",
                    "Follow-up report" if incident.ico_notified_at else "Initial report",
                ),
                ("Our reference", incident.reference),
                ("ICO reference", incident.ico_reference or "Not yet given"),
            ],
        ),
        (
            "About the organisation",
            [
                ("Organisation name", council.name if council else ""),
                (
                    "Data protection fee registration number",
                    council.ico_registration_number if council else "",
                ),
                ("Data Protection Officer contact", council.dpo_contact if council else ""),
                ("Division concerned", str(incident.division)),
            ],
        ),
        (
            "About the breach",
            [
                ("What has happened", incident.description),
                ("Type of breach", incident.get_incident_type_display() or "Not yet assessed"),
                ("Cause", str(incident.cause) if incident.cause else "Not yet assessed"),
                ("When did the breach happen", _dt(incident.occurred_at)),
                ("When did you discover the breach", _dt(incident.discovered_at)),
                ("When did the council become aware of the breach", _dt(incident.aware_at)),
                ("Deadline for reporting (72 hours after becoming aware)", _dt(deadline)),
                ("Reasons for any delay in reporting", incident.late_reasons or "Not applicable"),
                ("Categories of personal data", data_categories),
                ("Special category or criminal offence data", _yes_no(incident.special_category)),
                ("Information involved (as reported)", incident.data_involved or "Not recorded"),
                (
                    "Approximate number of people affected",
                    str(incident.people_affected)
                    if incident.people_affected is not None
                    else "Not known",
                ),
                ("Categories of people affected", subject_categories),
                ("Vulnerable people affected", _yes_no(incident.vulnerable_people)),
            ],
        ),
        (
            "Risk and consequences",
            [
                (
                    "Likelihood of harm (1 to 5)",
                    str(incident.likelihood) if incident.likelihood else "Not yet assessed",
                ),
                (
                    "Severity of harm (1 to 5)",
                    str(incident.severity) if incident.severity else "Not yet assessed",
                ),
                ("Reportable to the ICO under the council's thresholds", _yes_no(reportable)),
                ("High risk: people must be told", _yes_no(tell)),
                ("Assessment notes", incident.assessment_notes or "None"),
            ],
        ),
        (
            "Actions taken",
            [
                ("Containment and recovery", incident.containment or "Not recorded"),
                ("Have the people affected been told", individuals),
                ("Other organisations told", others),
                ("Lessons learned", incident.lessons_learned or "Not yet recorded"),
            ],
        ),
    ]


def render_pdf(incident: Incident) -> bytes:
    html = render_to_string(
        "incidents/ico_pack.html",
        {
            "object": incident,
            "sections": sections(incident),
            "generated": to_the_minute(timezone.now()),
        },
    )
    return pdf_from_html(html)


def render_docx(incident: Incident) -> bytes:
    document = docx_document()
    document.add_heading(f"Personal data breach report: {incident.reference}", level=1)
    document.add_paragraph(incident.title)
    for title, rows in sections(incident):
        document.add_heading(title, level=2)
        document.add_table(list(rows))
    document.add_paragraph(f"Prepared by InfoGov on {to_the_minute(timezone.now())}.")
    return document.to_bytes()


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
def ico_pack(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format")
    incident = (
        Incident.objects.restrict(request.user, VIEW)
        .select_related("division", "cause")
        .filter(pk=pk)
        .first()
    )
    if incident is None:
        raise Http404("No incident found")
    services.require_assessor(request.user)
    content = render_pdf(incident) if fmt == "pdf" else render_docx(incident)
    record_event(
        request.user,
        incident,
        "ico_pack",
        f"ICO report pack downloaded ({fmt})",
        **{REVEALS: ["ico_reportable"]},
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{incident.reference}-ico-report.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
