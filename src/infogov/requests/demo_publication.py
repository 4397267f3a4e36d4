"""Demo publication: a dozen published disclosure log entries and a filled Guide to
Information (called from `requests.demo.load`, after the demo cases exist)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.requests.choices import Availability, DisclosureSubject, DocumentType
from infogov.requests.models import Case, DisclosureEntry, Document, GuideItem, PublicationClass
from infogov.requests.publication import load_publication_classes, publish_to_disclosure_log

SITE = "https://www.council.example.org"
ENTRIES = 12

# Public texts the IG team wrote for each kind of demo request (by words in its request).
PUBLIC_TEXTS: list[tuple[str, str, str, str]] = [
    (
        "agency staff",
        "Spending on agency staff, last three financial years",
        "The request asked how much the council spent on agency staff in each of the last "
        "three financial years. We released the totals by year and by directorate.",
        DisclosureSubject.STAFFING,
    ),
    (
        "potholes",
        "Potholes reported and repaired on the A7",
        "Numbers of potholes reported and repaired on the A7 in the last year, by month, "
        "with the average time to repair. Released in full.",
        DisclosureSubject.ROADS,
    ),
    (
        "school catering",
        "School catering contracts since 2022",
        "The contracts awarded for school catering since 2022 and their values. Released in "
        "part: pricing schedules were withheld as commercially sensitive (FOISA s.33).",
        DisclosureSubject.PROCUREMENT,
    ),
    (
        "artificial intelligence",
        "Policy on the use of artificial intelligence",
        "The council's policy and guidance on staff use of artificial intelligence tools.",
        DisclosureSubject.GOVERNANCE,
    ),
    (
        "homeless",
        "Homeless applications by month, last two years",
        "Numbers of homeless applications received by month for the last two years. Small "
        "numbers were suppressed so no one can be identified (FOISA s.38).",
        DisclosureSubject.HOUSING,
    ),
    (
        "expenses",
        "Expenses of senior officers, last financial year",
        "Expenses claimed by chief officers in the last financial year, by category.",
        DisclosureSubject.FINANCE,
    ),
    (
        "air quality",
        "Air quality monitoring on Dalkeith High Street, 2025",
        "Nitrogen dioxide and particulate monitoring results for Dalkeith High Street in 2025 "
        "(environmental information, EIR).",
        DisclosureSubject.ENVIRONMENT,
    ),
    (
        "wind turbine",
        "Eskbank wind turbine: consultation responses",
        "Responses from statutory consultees to the planning consultation on the Eskbank wind "
        "turbine. Responses from individuals were withheld (EIR reg. 11).",
        DisclosureSubject.ENVIRONMENT,
    ),
    (
        "flood",
        "Flood risk assessments for the Esk valley",
        "The flood risk assessments the council holds for the Esk valley (EIR).",
        DisclosureSubject.ENVIRONMENT,
    ),
]

GUIDE: list[tuple[int, str, str, str, str, str, str]] = [
    # class, title, description, path, availability, charge, charge note
    (
        1,
        "Who we are and how to contact us",
        "Addresses, opening hours, phone numbers.",
        "/contact",
        Availability.BOTH,
        "0",
        "",
    ),
    (
        1,
        "Councillors and wards",
        "Elected members, their wards and contact details.",
        "/councillors",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        1,
        "Standing orders and scheme of delegation",
        "How the council is governed.",
        "/governance/standing-orders",
        Availability.BOTH,
        "0",
        "",
    ),
    (
        2,
        "A to Z of council services",
        "What we do and how to use our services.",
        "/services",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        2,
        "Complaints handling procedure",
        "How to complain and what happens next.",
        "/complaints",
        Availability.BOTH,
        "0",
        "",
    ),
    (
        2,
        "Privacy notices",
        "How each service uses personal information.",
        "/privacy",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        3,
        "Committee agendas, papers and minutes",
        "Council and committee meetings since 2015.",
        "/meetings",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        3,
        "Disclosure log",
        "Responses to FOI and EIR requests we have published.",
        "/requests/disclosure-log/",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        4,
        "Annual accounts",
        "Audited annual accounts and the auditor's report.",
        "/finance/annual-accounts",
        Availability.BOTH,
        "0",
        "",
    ),
    (
        4,
        "Payments over £500",
        "Quarterly list of payments to suppliers over £500.",
        "/finance/payments",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        4,
        "Senior staff salaries and expenses",
        "Pay bands and expenses of chief officers.",
        "/finance/senior-pay",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        4,
        "Statement under the Public Services Reform (Scotland) Act 2010",
        "Expenditure statement under sections 31 and 32.",
        "/finance/psr-statement",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        5,
        "Records management plan",
        "Our plan under the Public Records (Scotland) Act 2011.",
        "/records-management-plan",
        Availability.BOTH,
        "0",
        "",
    ),
    (
        5,
        "Information governance policies",
        "Data protection, records and security policies.",
        "/policies/information-governance",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        5,
        "Workforce and equalities reports",
        "Staff numbers and equal pay statements.",
        "/workforce",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        6,
        "Contracts register",
        "Contracts awarded, with values and dates.",
        "/procurement/contracts-register",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        6,
        "Procurement strategy and annual report",
        "How we buy goods and services.",
        "/procurement/strategy",
        Availability.BOTH,
        "0",
        "",
    ),
    (
        7,
        "Annual performance report",
        "How we did against our plan and indicators.",
        "/performance",
        Availability.BOTH,
        "0",
        "",
    ),
    (
        7,
        "FOI and EIR statistics",
        "Requests received and answered on time, each quarter.",
        "/foi/statistics",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        7,
        "Inspection and audit reports",
        "Reports of the Accounts Commission and inspectorates.",
        "/performance/inspections",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        8,
        "Local history publications",
        "Books and maps sold by the local studies service.",
        "",
        Availability.ON_REQUEST,
        "12.50",
        "Price of each book; postage at cost.",
    ),
    (
        8,
        "Planning history searches",
        "A search of the planning history of a property.",
        "",
        Availability.ON_REQUEST,
        "45.00",
        "For each property searched.",
    ),
    (
        9,
        "Open data portal",
        "Datasets for re-use under the Open Government Licence.",
        "/open-data",
        Availability.ONLINE,
        "0",
        "",
    ),
    (
        9,
        "Bin collection days (open data)",
        "Collection calendars by street, as CSV.",
        "/open-data/bin-collections",
        Availability.ONLINE,
        "0",
        "",
    ),
]


def _texts(case: Case) -> tuple[str, str, str]:
    for words, title, summary, subject in PUBLIC_TEXTS:
        if words in case.description.lower():
            return title, summary, subject
    return (
        f"Response to request {case.reference}",
        "Information released in response to a freedom of information request.",
        DisclosureSubject.OTHER,
    )


def load(ctx: DemoContext) -> None:
    rng = random.Random("requests-publication-demo")  # noqa: S311 - demo data, not secrets
    load_publication_classes()
    classes = {c.number: c for c in PublicationClass.objects.all()}
    items = []
    for number, title, description, path, availability, charge, note in GUIDE:
        review = ctx.anchor + timedelta(days=rng.randint(10, 360))
        items.append(
            GuideItem(
                publication_class=classes[number],
                title=title,
                description=description,
                url=f"{SITE}{path}" if path else "",
                availability=availability,
                charge=Decimal(charge),
                charge_note=note,
                review_on=review,
                reviewed_on=review - timedelta(days=365)
                if review - timedelta(days=365) <= ctx.anchor
                else None,
            )
        )
    bulk_with_history(GuideItem, items)

    cases = list(
        Case.objects.filter(kind__in=["foi", "eir"], responded_on__isnull=False)
        .exclude(outcome__in=["not_held", "withdrawn", "excessive_cost", "vexatious"])
        .order_by("-responded_on", "pk")[:ENTRIES]
    )
    for index, case in enumerate(cases):
        assert case.responded_on is not None  # noqa: S101 - filtered above
        signed_off = timezone.make_aware(datetime.combine(case.responded_on, time(10)))
        Case.objects.filter(pk=case.pk).update(
            redaction_signed_off_by=ctx.actor, redaction_signed_off_at=signed_off
        )
        case.refresh_from_db()
        documents: list[Any] = []
        if index % 3 == 0:
            document = Document(
                case=case,
                title=f"Released information for {case.reference}",
                doc_type=DocumentType.REDACTED,
                released=True,
                uploaded_by=ctx.actor,
            )
            body = f"{_texts(case)[0]}\n\nThe information released, as sent.\n".encode()
            document.file.save(f"{case.reference}-response.txt", ContentFile(body), save=False)
            document.size, document.content_type = len(body), "text/plain"
            document.save()
            Document.objects.filter(pk=document.pk).update(
                created_at=signed_off - timedelta(hours=1)
            )
            documents.append(document)
        title, summary, subject = _texts(case)
        entry = publish_to_disclosure_log(
            case,
            acting_user=ctx.actor,
            title=title,
            summary=summary,
            subject=subject,
            documents=documents,
        )
        published = min(case.responded_on + timedelta(days=rng.randint(2, 10)), ctx.anchor)
        DisclosureEntry.objects.filter(pk=entry.pk).update(published_on=published)
