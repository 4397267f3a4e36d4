"""Demo retention schedule (SCARRS shape, written for the demo), holdings, holds, disposal
and a Records Management Plan assessment in progress."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.organisation.models import Division, Person
from infogov.records import models
from infogov.records.choices import (
    DecisionOutcome,
    DestructionMethod,
    ElementStatus,
    HoldingStatus,
)

BR = "Business requirement"
# code, function, activity, record series, description, trigger, years, months, action, authority
SCHEDULE: list[tuple[str, str, str, str, str, str, int, int, str, str]] = [
    (
        "01.001.001",
        "Governance",
        "Council meetings",
        "Council minutes and papers",
        "Agendas, reports and signed minutes of full council.",
        "end of meeting year",
        0,
        0,
        "transfer",
        "Local Government (Scotland) Act 1973 s.197",
    ),
    (
        "01.001.002",
        "Governance",
        "Committee meetings",
        "Committee minutes",
        "Minutes of committees and sub-committees.",
        "end of meeting year",
        0,
        0,
        "transfer",
        "Local Government (Scotland) Act 1973",
    ),
    (
        "01.002.001",
        "Governance",
        "Information governance",
        "Information Management Group papers",
        "Agendas, minutes and action plans of the IMG and DIMGs.",
        "end of year",
        6,
        0,
        "review",
        BR,
    ),
    (
        "01.002.004",
        "Governance",
        "Information governance",
        "Subject access request case files",
        "Requests, searches, responses and redaction records.",
        "closure of case",
        3,
        0,
        "destroy",
        "ICO guidance; business requirement",
    ),
    (
        "01.002.005",
        "Governance",
        "Information governance",
        "FOI and EIR request case files",
        "Requests under FOISA 2002 and EIRs 2004, with reviews.",
        "closure of case",
        3,
        0,
        "destroy",
        "Scottish Ministers' Code of Practice (s.61)",
    ),
    (
        "01.002.007",
        "Governance",
        "Information governance",
        "Data breach records",
        "Incident reports, assessments and ICO notifications.",
        "closure of incident",
        6,
        0,
        "destroy",
        "UK GDPR Art. 33(5)",
    ),
    (
        "01.003.001",
        "Governance",
        "Audit",
        "Internal audit reports",
        "Final reports and management responses.",
        "end of financial year",
        6,
        0,
        "destroy",
        BR,
    ),
    (
        "02.001.001",
        "Finance",
        "Accounting",
        "Annual accounts",
        "Audited annual accounts.",
        "end of financial year",
        0,
        0,
        "transfer",
        "Local Authority Accounts (Scotland) Regulations 2014",
    ),
    (
        "02.001.003",
        "Finance",
        "Accounting",
        "Ledgers and journals",
        "General ledger and journals.",
        "end of financial year",
        6,
        0,
        "destroy",
        "Prescription and Limitation (Scotland) Act 1973",
    ),
    (
        "02.002.001",
        "Finance",
        "Revenues",
        "Council tax accounts",
        "Council tax liability, billing and recovery records.",
        "account closed",
        6,
        0,
        "destroy",
        "Prescription and Limitation (Scotland) Act 1973",
    ),
    (
        "02.002.002",
        "Finance",
        "Revenues",
        "Non-domestic rates accounts",
        "Rates billing and reliefs.",
        "account closed",
        6,
        0,
        "destroy",
        "Prescription and Limitation (Scotland) Act 1973",
    ),
    (
        "02.003.001",
        "Finance",
        "Benefits",
        "Housing benefit claims",
        "Claims, evidence and decisions.",
        "end of claim",
        4,
        0,
        "destroy",
        "Social Security Administration Act 1992",
    ),
    (
        "02.003.004",
        "Finance",
        "Benefits",
        "Scottish Welfare Fund applications",
        "Crisis and community care grant applications.",
        "decision",
        5,
        0,
        "destroy",
        "Welfare Funds (Scotland) Act 2015",
    ),
    (
        "02.004.001",
        "Finance",
        "Procurement",
        "Contracts (standard)",
        "Contracts signed under hand and tender papers.",
        "end of contract",
        5,
        0,
        "destroy",
        "Prescription and Limitation (Scotland) Act 1973",
    ),
    (
        "02.004.002",
        "Finance",
        "Procurement",
        "Contracts (under seal)",
        "Contracts executed as deeds.",
        "end of contract",
        20,
        0,
        "review",
        "Prescription and Limitation (Scotland) Act 1973",
    ),
    (
        "03.001.001",
        "Human resources",
        "Employment",
        "Personnel files",
        "Contract, changes, appraisals and leaving records.",
        "termination of employment",
        6,
        0,
        "destroy",
        BR,
    ),
    (
        "03.001.002",
        "Human resources",
        "Employment",
        "Recruitment (unsuccessful)",
        "Applications of unsuccessful candidates.",
        "appointment made",
        0,
        6,
        "destroy",
        BR,
    ),
    (
        "03.002.001",
        "Human resources",
        "Payroll",
        "Payroll records",
        "Pay, deductions and pension contributions.",
        "end of financial year",
        6,
        0,
        "destroy",
        "Taxes Management Act 1970",
    ),
    (
        "03.003.001",
        "Human resources",
        "Health and safety",
        "Accident books and reports",
        "RIDDOR reports and accident records.",
        "date of incident",
        3,
        0,
        "destroy",
        "RIDDOR 2013",
    ),
    (
        "03.003.004",
        "Human resources",
        "Health and safety",
        "Asbestos exposure records",
        "Health surveillance of exposed employees.",
        "date of last entry",
        40,
        0,
        "destroy",
        "Control of Asbestos Regulations 2012",
    ),
    (
        "04.001.001",
        "Information technology",
        "Systems",
        "System access logs",
        "Logs of access to business systems.",
        "date of creation",
        1,
        0,
        "destroy",
        BR,
    ),
    (
        "04.001.003",
        "Information technology",
        "Systems",
        "Corporate address gazetteer",
        "Local land and property gazetteer and its change history.",
        "property demolished",
        0,
        0,
        "review",
        "Local Government (Scotland) Act 1994; BS 7666",
    ),
    (
        "04.002.001",
        "Information technology",
        "Customer services",
        "Citizen account records",
        "Online account profile and contact history.",
        "account closed",
        2,
        0,
        "destroy",
        BR,
    ),
    (
        "04.002.002",
        "Information technology",
        "Customer services",
        "Contact centre call recordings",
        "Recorded calls.",
        "date of call",
        0,
        6,
        "destroy",
        BR,
    ),
    (
        "05.001.001",
        "Education",
        "Pupil records",
        "Pupil progress records",
        "Progress records transferred with the pupil.",
        "pupil leaves school",
        5,
        0,
        "destroy",
        "Pupils' Educational Records (Scotland) Regulations 2003",
    ),
    (
        "05.001.002",
        "Education",
        "Pupil records",
        "Additional support for learning records",
        "Co-ordinated support plans and assessments.",
        "pupil's 25th birthday",
        0,
        0,
        "destroy",
        "Education (ASL) (Scotland) Act 2004",
    ),
    (
        "05.002.001",
        "Education",
        "Admissions",
        "Placing requests",
        "Applications and appeals.",
        "decision",
        2,
        0,
        "destroy",
        "Education (Scotland) Act 1980",
    ),
    (
        "05.003.001",
        "Education",
        "Early years",
        "Early learning and childcare registrations",
        "Registration and attendance.",
        "child leaves setting",
        5,
        0,
        "destroy",
        BR,
    ),
    (
        "06.001.001",
        "Social work",
        "Children's services",
        "Looked after children case files",
        "Case records of looked after children.",
        "child's date of birth",
        100,
        0,
        "destroy",
        "Looked After Children (Scotland) Regulations 2009",
    ),
    (
        "06.001.002",
        "Social work",
        "Children's services",
        "Child protection case files",
        "Investigations and case conferences.",
        "closure of case",
        25,
        0,
        "review",
        "National Guidance for Child Protection in Scotland 2021",
    ),
    (
        "06.002.001",
        "Social work",
        "Adult services",
        "Adult social care case files",
        "Assessments, care plans and reviews.",
        "closure of case",
        6,
        0,
        "destroy",
        "Social Work (Scotland) Act 1968",
    ),
    (
        "06.002.003",
        "Social work",
        "Adult services",
        "Adult support and protection records",
        "Inquiries and protection plans.",
        "closure of case",
        10,
        0,
        "review",
        "Adult Support and Protection (Scotland) Act 2007",
    ),
    (
        "07.001.001",
        "Housing",
        "Tenancy management",
        "Tenancy files",
        "Tenancy agreements, correspondence and rent records.",
        "end of tenancy",
        5,
        0,
        "destroy",
        "Housing (Scotland) Act 2001",
    ),
    (
        "07.001.002",
        "Housing",
        "Tenancy management",
        "Housing applications (waiting list)",
        "Applications for council housing.",
        "application closed",
        2,
        0,
        "destroy",
        BR,
    ),
    (
        "07.002.001",
        "Housing",
        "Homelessness",
        "Homelessness case files",
        "Assessments and decisions.",
        "closure of case",
        5,
        0,
        "destroy",
        "Housing (Scotland) Act 1987",
    ),
    (
        "07.003.001",
        "Housing",
        "Repairs",
        "Repair requests",
        "Reactive repair jobs.",
        "completion of repair",
        2,
        0,
        "destroy",
        BR,
    ),
    (
        "08.001.001",
        "Environmental health",
        "Food safety",
        "Food premises inspections",
        "Inspection reports and notices.",
        "date of inspection",
        6,
        0,
        "destroy",
        "Food Safety Act 1990",
    ),
    (
        "08.001.003",
        "Environmental health",
        "Pest control",
        "Pest control requests",
        "Service requests and treatments.",
        "completion of treatment",
        2,
        0,
        "destroy",
        BR,
    ),
    (
        "08.002.001",
        "Environmental health",
        "Licensing",
        "Civic licences",
        "Applications and licences under the 1982 Act.",
        "expiry of licence",
        6,
        0,
        "destroy",
        "Civic Government (Scotland) Act 1982",
    ),
    (
        "09.001.001",
        "Leisure and culture",
        "Libraries",
        "Library membership records",
        "Borrower registrations.",
        "last activity",
        2,
        0,
        "destroy",
        BR,
    ),
    (
        "09.001.002",
        "Leisure and culture",
        "Archives",
        "Archive deposit agreements",
        "Agreements with depositors.",
        "end of deposit",
        0,
        0,
        "transfer",
        BR,
    ),
]


def ensure_schedule() -> dict[str, models.RetentionRule]:
    """Create the demo schedule once (the assets demo may ask for it first)."""
    existing = {r.code: r for r in models.RetentionRule.objects.all()}
    missing = [
        models.RetentionRule(
            code=code,
            function=function,
            activity=activity,
            record_series=series,
            description=description,
            trigger=trigger,
            period_years=years,
            period_months=months,
            disposal_action=action,
            authority=authority,
        )
        for (
            code,
            function,
            activity,
            series,
            description,
            trigger,
            years,
            months,
            action,
            authority,
        ) in SCHEDULE
        if code not in existing
    ]
    if missing:
        bulk_with_history(models.RetentionRule, missing)
        existing = {r.code: r for r in models.RetentionRule.objects.all()}
    return existing


# title, division code, rule code, days since trigger (None: not triggered), reference
HOLDINGS: list[tuple[str, str, str, int | None, str]] = [
    ("Personnel files of leavers 2018", "cr", "03.001.001", 2600, "HR/LEAVERS/2018"),
    ("Personnel files of leavers 2019", "cr", "03.001.001", 2250, "HR/LEAVERS/2019"),
    ("Personnel files of leavers 2021", "cr", "03.001.001", 1500, "HR/LEAVERS/2021"),
    ("Unsuccessful applications, spring campaign", "cr", "03.001.002", 260, "HR/REC/SPR"),
    ("Payroll 2017-18", "cr", "03.002.001", 2700, "PAY/2017"),
    ("Council tax closed accounts 2017", "cr", "02.002.001", 2700, "CTAX/CLOSED/2017"),
    ("Council tax closed accounts 2022", "cr", "02.002.001", 1100, "CTAX/CLOSED/2022"),
    ("SAR case files 2021", "cr", "01.002.004", 1300, "IG/SAR/2021"),
    ("FOI case files 2021", "cr", "01.002.005", 1280, "IG/FOI/2021"),
    ("System access logs 2024", "cr", "04.001.001", 500, "IT/LOGS/2024"),
    ("Call recordings, last quarter", "cr", "04.002.002", 100, "CC/REC/Q"),
    ("Ledgers 2016-17", "cr", "02.001.003", 3000, "FIN/GL/2016"),
    ("Placing requests 2022", "ecs", "05.002.001", 1000, "EDU/PLACING/2022"),
    ("ELC registrations, closed nursery", "ecs", "05.003.001", 2000, "ELC/ARCHIVE/1"),
    ("Pupil progress records, leavers 2019", "ecs", "05.001.001", 2300, "EDU/PPR/2019"),
    ("Pupil progress records, leavers 2024", "ecs", "05.001.001", 500, "EDU/PPR/2024"),
    ("Child protection files closed 1998", "ecs", "06.001.002", 10000, "CP/1998"),
    ("Placing request appeals 2024", "ecs", "05.002.001", 400, "EDU/APPEALS/2024"),
    ("Tenancy files, ended tenancies 2018", "cw", "07.001.001", 2500, "HOU/TEN/2018"),
    ("Tenancy files, ended tenancies 2023", "cw", "07.001.001", 800, "HOU/TEN/2023"),
    ("Housing applications closed 2021", "cw", "07.001.002", 1400, "HOU/APP/2021"),
    ("Repair requests 2022", "cw", "07.003.001", 1000, "HOU/REP/2022"),
    ("Pest control requests 2022", "cw", "08.001.003", 1000, "EH/PEST/2022"),
    ("Food inspections 2017", "cw", "08.001.001", 2800, "EH/FOOD/2017"),
    ("Adult care case files closed 2017", "cw", "06.002.001", 2900, "ASC/CLOSED/2017"),
    ("Library members inactive since 2021", "cw", "09.001.001", 1500, "LIB/INACTIVE"),
    ("Homelessness case files 2019", "cw", "07.002.001", 2200, "HOU/HL/2019"),
    ("Current tenancy files", "cw", "07.001.001", None, "HOU/TEN/LIVE"),
    ("Current personnel files", "cr", "03.001.001", None, "HR/LIVE"),
    ("Current pupil progress records", "ecs", "05.001.001", None, "EDU/PPR/LIVE"),
]


def load(ctx: DemoContext) -> None:
    rules = ensure_schedule()
    divisions = {d.code: d for d in Division.objects.all()}
    if not divisions:
        return
    people = {
        p.user.username: p for p in Person.objects.filter(user__isnull=False).select_related("user")
    }
    holdings = bulk_with_history(
        models.RecordHolding,
        [
            models.RecordHolding(
                title=title,
                division=divisions[code],
                retention_rule=rules[rule],
                trigger_date=ctx.days_ago(days) if days is not None else None,
                reference=reference,
                location=ctx.rng.choice(
                    ["Records store, Dalkeith", "EDRMS", "Off-site store (box)", "Network drive"]
                ),
                extent=f"{ctx.rng.randint(1, 40)} boxes",
            )
            for title, code, rule, days, reference in HOLDINGS
        ],
    )
    by_title = {h.title: h for h in models.RecordHolding.objects.all()}
    _ = holdings
    hold_specs = [
        (
            "Tenancy files, ended tenancies 2018",
            "cw.officer",
            "Court action for rent arrears and a disrepair counter-claim: keep until the "
            "case ends.",
        ),
        (
            "Child protection files closed 1998",
            "ig.manager",
            "Scottish Child Abuse Inquiry: Section 21 notice — no destruction of records about "
            "children in care.",
        ),
        (
            "Personnel files of leavers 2019",
            "ig.manager",
            "Employment tribunal claim (equal pay) covering 2014-2019 leavers.",
        ),
    ]
    bulk_with_history(
        models.LegalHold,
        [
            models.LegalHold(
                holding=by_title[title],
                reason=reason,
                placed_by=people.get(username),
                placed_on=ctx.days_ago(90 + i * 30),
                review_on=ctx.days_ago(-90),
            )
            for i, (title, username, reason) in enumerate(hold_specs)
        ],
    )
    # One disposal decision already made: the oldest ledgers were destroyed.
    officer = people.get("cr.officer")
    ledgers = by_title["Ledgers 2016-17"]
    if officer is not None:
        batch = models.DisposalBatch.objects.create(
            division=divisions["cr"],
            decided_by=officer,
            decided_on=ctx.days_ago(40),
            outcome=DecisionOutcome.DESTROY,
            method=DestructionMethod.SHRED,
            witness="Records Assistant",
            notes="Shredded on site by the contractor.",
        )
        models.DisposalDecision.objects.create(
            batch=batch,
            holding=ledgers,
            retention_code=ledgers.retention_rule.code,
            due_date=ledgers.due_date,
        )
        ledgers.status = HoldingStatus.DESTROYED
        ledgers.disposed_on = ctx.days_ago(40)
        ledgers.save(update_fields=["status", "disposed_on"])

    assessment = models.RMPAssessment.objects.create(
        title=f"Records Management Plan progress update review {ctx.anchor.year}",
        notes="Progress Update Review for the Keeper; evidence being gathered.",
    )
    from infogov.records.services import preload_elements

    preload_elements(assessment)
    statuses = (
        [ElementStatus.AGREED] * 5
        + [ElementStatus.EVIDENCE_READY] * 4
        + [ElementStatus.IN_PROGRESS] * 4
        + [ElementStatus.NOT_STARTED] * 2
    )
    owners: list[Any] = [
        people.get("ig.manager"),
        people.get("cr.officer"),
        people.get("siro"),
        people.get("ecs.officer"),
        people.get("cw.officer"),
    ]
    elements = list(assessment.elements.order_by("number"))
    for element, status in zip(elements, statuses, strict=False):
        element.status = status
        element.owner = owners[element.number % len(owners)]
        element.next_review = ctx.anchor + timedelta(days=30 * (element.number % 12 + 1))
        if status != ElementStatus.NOT_STARTED:
            element.evidence = (
                f"https://intranet.eskvale.example.gov.uk/rmp/element-{element.number:02d}\n"
                f"\\\\fileserver\\records\\RMP\\Element {element.number:02d}"
            )
    models.RMPElement.objects.bulk_update(elements, ["status", "owner", "next_review", "evidence"])
