"""Demo incidents (PRODUCT §3): a year of incidents and near misses across the divisions."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from infogov.clocks import LONDON
from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.incidents import models
from infogov.incidents.choices import (
    Decision,
    IncidentType,
    NotificationMethod,
    OtherBody,
    Status,
)
from infogov.incidents.ico_types import guess_code, load_ico_types
from infogov.organisation.models import Division, Person

CAUSES = [
    ("Sent to wrong recipient (e-mail)", "An e-mail or attachment sent to the wrong person."),
    ("Sent to wrong recipient (post)", "A letter or pack posted to the wrong address."),
    ("Lost or stolen device", "A laptop, phone or memory stick lost or stolen."),
    ("Lost or stolen paperwork", "Paper records lost in transit or left behind."),
    ("Unauthorised access", "Someone looked at records they had no need to see."),
    ("Cyber attack", "Phishing, malware, ransomware or account compromise."),
    ("Disposal failure", "Records not disposed of securely."),
    ("Verbal disclosure", "Information given out in conversation or on the phone."),
    ("Failure to redact", "Personal details left in a published or disclosed document."),
    ("System or software error", "A fault in a system exposed or altered data."),
]

DATA_CATEGORIES = [
    ("Basic personal identifiers (name, contact details)", False),
    ("Identification data (usernames, passwords)", False),
    ("Economic and financial data", False),
    ("Official documents (e.g. driving licences)", False),
    ("Location data", False),
    ("Health data", True),
    ("Criminal convictions or offences", True),
    ("Racial or ethnic origin", True),
    ("Religious or philosophical beliefs", True),
    ("Sex life or sexual orientation", True),
    ("Genetic or biometric data", True),
    ("Not yet known", False),
]

SUBJECT_CATEGORIES = [
    ("Employees", False),
    ("Members of the public", False),
    ("Council tenants", False),
    ("Service users", False),
    ("Pupils and students", False),
    ("Children", True),
    ("Vulnerable adults", True),
    ("Elected members", False),
]

# title, description, cause index, type, data, data categories, subject categories,
# breach?, likelihood range, severity range, division codes
SCENARIOS: list[tuple[Any, ...]] = [
    (
        "Council tax letter sent to wrong address",
        "A council tax bill was posted to a neighbouring address after a mail-merge error.",
        1,
        IncidentType.CONFIDENTIALITY,
        "Name, address, council tax balance",
        [0, 2],
        [1],
        True,
        (2, 3),
        (1, 2),
        ("cr",),
    ),
    (
        "E-mail with spreadsheet sent to wrong contact",
        "A spreadsheet of applicants was e-mailed to a contact with the same surname as the "
        "intended recipient.",
        0,
        IncidentType.CONFIDENTIALITY,
        "Names, addresses, dates of birth",
        [0],
        [1],
        True,
        (3, 4),
        (2, 3),
        ("cr", "cw", "ecs"),
    ),
    (
        "Laptop stolen from car",
        "An encrypted laptop was stolen from a locked car overnight.",
        2,
        IncidentType.AVAILABILITY,
        "Case notes (encrypted device)",
        [0, 5],
        [3],
        True,
        (1, 2),
        (2, 3),
        ("cw", "ecs"),
    ),
    (
        "Child protection report e-mailed to wrong school",
        "A child protection case conference report was sent to the wrong school.",
        0,
        IncidentType.CONFIDENTIALITY,
        "Child's name, family details, social work notes",
        [0, 5],
        [5],
        True,
        (4, 5),
        (4, 5),
        ("ecs",),
    ),
    (
        "Housing file left on bus",
        "A tenancy file was left on a bus and later handed in to the depot.",
        3,
        IncidentType.CONFIDENTIALITY,
        "Tenant's name, rent arrears, support needs",
        [0, 2, 5],
        [2, 6],
        True,
        (2, 3),
        (3, 4),
        ("cw",),
    ),
    (
        "Phishing e-mail: password entered",
        "A member of staff entered their password on a fake Microsoft 365 sign-in page. The "
        "account was reset within an hour.",
        5,
        IncidentType.CONFIDENTIALITY,
        "Mailbox contents",
        [0, 1],
        [0, 1],
        True,
        (3, 4),
        (3, 4),
        ("cr", "cw", "ecs"),
    ),
    (
        "Staff member viewed a relative's record",
        "An audit showed a member of staff had looked at a relative's social care record.",
        4,
        IncidentType.CONFIDENTIALITY,
        "Social care record",
        [0, 5],
        [6],
        True,
        (3, 4),
        (3, 4),
        ("cw",),
    ),
    (
        "Confidential waste found in general bin",
        "Payroll printouts were found in a general waste bin rather than the confidential "
        "waste console.",
        6,
        IncidentType.CONFIDENTIALITY,
        "Payroll details",
        [0, 2],
        [0],
        True,
        (2, 3),
        (2, 3),
        ("cr",),
    ),
    (
        "FOI response not redacted",
        "A released document contained the names and mobile numbers of junior staff.",
        8,
        IncidentType.CONFIDENTIALITY,
        "Staff names and phone numbers",
        [0],
        [0],
        True,
        (2, 3),
        (1, 2),
        ("cr", "cw"),
    ),
    (
        "Pupil record overwritten in system upgrade",
        "A system upgrade overwrote additional support needs notes for a group of pupils; "
        "restored from backup.",
        9,
        IncidentType.INTEGRITY,
        "Additional support needs notes",
        [0, 5],
        [4, 5],
        True,
        (1, 2),
        (2, 3),
        ("ecs",),
    ),
    (
        "Caller given a tenant's new address",
        "A caller claiming to be a relative was given a tenant's new address.",
        7,
        IncidentType.CONFIDENTIALITY,
        "Address",
        [0, 4],
        [2, 6],
        True,
        (4, 5),
        (4, 5),
        ("cw",),
    ),
]

NEAR_MISSES: list[tuple[Any, ...]] = [
    (
        "Wrong attachment spotted before sending",
        "Noticed the wrong client's report was attached before pressing send.",
        0,
        ("cr", "cw", "ecs"),
    ),
    (
        "Letter in wrong envelope caught at post room",
        "A post room check found a letter in an envelope addressed to someone else.",
        1,
        ("cr", "cw"),
    ),
    (
        "Unlocked filing cabinet after hours",
        "A cabinet of HR files was found unlocked in an empty office.",
        4,
        ("cr",),
    ),
    (
        "Suspicious e-mail reported, nobody clicked",
        "A convincing phishing e-mail was reported to IT before anyone clicked the link.",
        5,
        ("cr", "cw", "ecs"),
    ),
    (
        "Visitor nearly shown a case file",
        "A visitor at reception could nearly see a case file left on the counter.",
        7,
        ("cw", "ecs"),
    ),
    (
        "Old laptops almost sent to recycler unwiped",
        "A batch of laptops was stopped before collection because they had not been wiped.",
        6,
        ("ecs",),
    ),
]


def _at(day: Any, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _link_assets(incidents: list[models.Incident]) -> None:
    """Link about one incident in four to one or two assets of its division.

    The risks demo loads after this one, so demo incidents are linked to assets only.
    """
    from infogov.assets.models import InformationAsset

    by_division: dict[int, list[int]] = {}
    for division_id, asset_id in InformationAsset.objects.order_by("name").values_list(
        "division_id", "pk"
    ):
        by_division.setdefault(division_id, []).append(asset_id)
    through = models.Incident.related_assets.through
    links = []
    for n, incident in enumerate(sorted(incidents, key=lambda i: i.reference)):
        assets = by_division.get(incident.division_id, [])
        if n % 4 or not assets:
            continue
        for k in range(1 + n % 8 // 4):
            links.append(
                through(
                    incident_id=incident.pk,
                    informationasset_id=assets[(n // 4 + k) % len(assets)],
                )
            )
    through.objects.bulk_create(links, ignore_conflicts=True)


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    # The ICO's 23 incident types (and each as a cause), then the council's own causes,
    # each counted under an ICO type.
    load_ico_types()
    ico = {t.code: t for t in models.IcoIncidentType.objects.all()}
    bulk_with_history(
        models.Cause,
        [
            models.Cause(name=n, description=d, ico_type=ico[guess_code(n)])
            for n, d in CAUSES
            if not models.Cause.objects.filter(name=n).exists()
        ],
    )
    by_name = {c.name: c for c in models.Cause.objects.all()}
    causes = [by_name[n] for n, _ in CAUSES]
    bulk_with_history(
        models.DataCategory,
        [models.DataCategory(name=n, is_special_category=s) for n, s in DATA_CATEGORIES],
    )
    data_categories = list(models.DataCategory.objects.order_by("pk"))
    bulk_with_history(
        models.SubjectCategory,
        [models.SubjectCategory(name=n, is_vulnerable=v) for n, v in SUBJECT_CATEGORIES],
    )
    subject_categories = list(models.SubjectCategory.objects.order_by("pk"))
    models.ReportabilityThresholds.current()

    divisions = {d.code: d for d in Division.objects.all()}
    if not divisions:
        return
    staff_by_division: dict[str, list[Person]] = {
        code: list(
            Person.objects.filter(division=d, kind="staff", is_active=True).order_by("pk")[:30]
        )
        for code, d in divisions.items()
    }
    sign_ins = {
        p.user.username: p for p in Person.objects.filter(user__isnull=False).select_related("user")
    }
    staff_member = sign_ins.get("staff.member")
    officers = {code: sign_ins.get(f"{code}.officer") for code in divisions}
    owners = [p for people in staff_by_division.values() for p in people[:6]]

    now = timezone.now()
    plans: list[dict[str, Any]] = []
    for index in range(60):
        days_ago = rng.randint(3, 365) if index >= 4 else index + 1
        day = ctx.days_ago(days_ago)
        near = rng.random() < 0.35
        if near:
            title, description, cause_i, codes = rng.choice(NEAR_MISSES)
            scenario = None
        else:
            scenario = rng.choice(SCENARIOS)
            title, description, cause_i = scenario[0], scenario[1], scenario[2]
            codes = scenario[10]
        code = rng.choice([c for c in codes if c in divisions] or list(divisions))
        occurred = _at(day, rng.randint(8, 16), rng.choice([0, 15, 30, 45]))
        discovered = occurred + timedelta(hours=rng.choice([0, 0, 1, 2, 5, 20, 48]))
        reported = discovered + timedelta(minutes=rng.choice([20, 45, 90, 180, 600, 1500, 3000]))
        is_open = index < 2  # two breaches with the ICO clock running, for the dashboard
        if is_open:
            near, scenario = False, SCENARIOS[(1, 5)[index]]
            title, description, cause_i = scenario[0], scenario[1], scenario[2]
            code = ("cr", "cw")[index] if ("cr", "cw")[index] in divisions else code
            discovered = now - timedelta(hours=(26, 55)[index])
            occurred = discovered - timedelta(hours=1)
            reported = discovered + timedelta(minutes=25)
        plans.append(
            {
                "open": is_open,
                "near": near,
                "scenario": scenario,
                "title": title,
                "description": description,
                "cause": causes[cause_i],
                "code": code,
                "occurred": occurred,
                "discovered": discovered,
                "reported": reported,
                "days_ago": days_ago,
            }
        )
    plans.sort(key=lambda p: p["reported"])

    numbers: dict[int, int] = {}
    incidents: list[models.Incident] = []
    extras: dict[str, dict[str, Any]] = {}
    for index, plan in enumerate(plans):
        year = plan["reported"].astimezone(LONDON).year
        numbers[year] = numbers.get(year, 0) + 1
        reference = f"INC-{year}-{numbers[year]:04d}"
        code = plan["code"]
        pool: list[Person | None] = [*staff_by_division.get(code, [])] or [None]
        reporter = rng.choice(pool)
        if staff_member is not None and code == "cr" and index % 6 == 0:
            reporter = staff_member
        scenario = plan["scenario"]
        recent = plan["days_ago"] <= 4
        incident = models.Incident(
            reference=reference,
            ref_year=year,
            ref_number=numbers[year],
            division=divisions[code],
            title=plan["title"],
            description=plan["description"],
            occurred_at=plan["occurred"],
            discovered_at=plan["discovered"],
            is_near_miss=plan["near"],
            reported_by=reporter,
            reported_at=plan["reported"],
            data_involved=scenario[4] if scenario else "",
            people_affected=rng.choice([1, 1, 1, 2, 5, 12, 40, 250]) if scenario else 0,
            containment="Recipient asked to delete and confirmed in writing."
            if scenario and scenario[2] in (0, 1)
            else "Reported to line manager; procedure reminder issued to the team.",
            status=Status.REPORTED,
        )
        extra: dict[str, Any] = {}
        if plan["near"]:
            if not recent:
                incident.incident_type = IncidentType.CONFIDENTIALITY
                incident.cause = plan["cause"]
                incident.personal_data_breach = False
                incident.likelihood, incident.severity = 1, 1
                incident.status = Status.CLOSED
                incident.assessed_at = plan["reported"] + timedelta(days=1)
                incident.closed_at = plan["reported"] + timedelta(days=rng.randint(2, 10))
                incident.lessons_learned = "Shared at the divisional group as a good catch."
        elif scenario is not None and (not recent or plan["open"]):
            aware = plan["reported"] + timedelta(minutes=rng.choice([10, 30, 60, 120]))
            incident.incident_type = scenario[3]
            incident.cause = plan["cause"]
            incident.personal_data_breach = scenario[7]
            incident.aware_at = aware
            # Marked a breach when the council became aware: the clock runs from then.
            incident.breach_marked_at = aware if incident.personal_data_breach else None
            incident.likelihood = rng.randint(*scenario[8])
            incident.severity = rng.randint(*scenario[9])
            if plan["open"]:
                incident.likelihood = max(incident.likelihood, 3)
                incident.severity = max(incident.severity, 3)
            incident.special_category = any(
                data_categories[i].is_special_category for i in scenario[5]
            )
            incident.vulnerable_people = any(
                subject_categories[i].is_vulnerable for i in scenario[6]
            )
            incident.assessed_at = aware + timedelta(hours=rng.randint(2, 20))
            incident.status = Status.ASSESSED
            extra = {"data": scenario[5], "subjects": scenario[6]}
            reportable = incident.likelihood >= 3 and incident.severity >= 2
            if not recent:
                incident.decision_at = aware + timedelta(hours=rng.randint(6, 40))
                if reportable:
                    incident.decision = Decision.REPORT
                    late = rng.random() < 0.1
                    incident.ico_notified_at = aware + timedelta(
                        hours=rng.randint(75, 90) if late else rng.randint(8, 60)
                    )
                    incident.decision_at = min(incident.decision_at, incident.ico_notified_at)
                    letter = "ABCDEFGH"[index % 8]
                    incident.ico_reference = (
                        f"IC-{rng.randint(100000, 999999)}-{letter}{rng.randint(1, 9)}"
                    )
                    if late:
                        incident.late_reasons = (
                            "The full extent was only confirmed after the IT investigation "
                            "over the weekend."
                        )
                    if incident.likelihood >= 4 and incident.severity >= 4:
                        incident.individuals_notified_on = (
                            incident.ico_notified_at + timedelta(days=1)
                        ).date()
                        incident.individuals_method = rng.choice(
                            [NotificationMethod.LETTER, NotificationMethod.PHONE]
                        )
                        incident.individuals_count = incident.people_affected
                else:
                    incident.decision = Decision.NOT_REPORT
                    incident.decision_reasons = (
                        "Low risk to the people affected: the information was limited and "
                        "the recipient confirmed deletion."
                    )
                if plan["days_ago"] > 30:
                    incident.status = Status.CLOSED
                    incident.closed_at = plan["reported"] + timedelta(days=rng.randint(7, 25))
                    incident.lessons_learned = rng.choice(
                        [
                            "Autocomplete of e-mail addresses switched off for the team.",
                            "Two-person check for mail merges introduced.",
                            "Refresher training on handling personal data completed by the team.",
                            "Clear-desk reminder issued; lockable storage provided.",
                        ]
                    )
        incidents.append(incident)
        extras[reference] = extra

    bulk_with_history(models.Incident, incidents)
    saved = {i.reference: i for i in models.Incident.objects.select_related("division", "cause")}

    data_links = []
    subject_links = []
    data_through = models.Incident.data_categories.through
    subject_through = models.Incident.subject_categories.through
    for reference, extra in extras.items():
        incident = saved[reference]
        for i in extra.get("data", []):
            data_links.append(
                data_through(incident_id=incident.pk, datacategory_id=data_categories[i].pk)
            )
        for i in extra.get("subjects", []):
            subject_links.append(
                subject_through(
                    incident_id=incident.pk, subjectcategory_id=subject_categories[i].pk
                )
            )
    data_through.objects.bulk_create(data_links)
    subject_through.objects.bulk_create(subject_links)
    _link_assets(list(saved.values()))

    actions: list[models.Action] = []
    others: list[models.OtherNotification] = []
    comments: list[models.Comment] = []
    today = ctx.anchor
    for incident in saved.values():
        if incident.personal_data_breach and owners:
            due = incident.reported_at.astimezone(LONDON).date() + timedelta(days=28)
            done = (
                due - timedelta(days=rng.randint(0, 10))
                if due < today - timedelta(days=20) or rng.random() < 0.7
                else None
            )
            actions.append(
                models.Action(
                    incident=incident,
                    owner=rng.choice(owners),
                    due_on=due,
                    done_on=done,
                    description=rng.choice(
                        [
                            "Remind the team of the checking procedure",
                            "Review the mail-merge process",
                            "Confirm deletion in writing from the recipient",
                            "Update the service's privacy notice",
                            "Arrange refresher training for the team",
                        ]
                    ),
                )
            )
        if (
            incident.cause
            and incident.cause.name == "Lost or stolen device"
            and incident.personal_data_breach
        ):
            others.append(
                models.OtherNotification(
                    incident=incident,
                    body=OtherBody.POLICE_SCOTLAND,
                    notified_at=incident.discovered_at + timedelta(hours=3),
                    reference=f"PS-{rng.randint(1000, 9999)}-{incident.reported_at:%y}",
                )
            )
        if (
            incident.cause
            and incident.cause.name == "Cyber attack"
            and incident.personal_data_breach
        ):
            others.append(
                models.OtherNotification(
                    incident=incident,
                    body=OtherBody.CYBER_RESILIENCE_UNIT,
                    notified_at=incident.discovered_at + timedelta(hours=6),
                    notes="Reported through the Scottish public sector cyber incident process.",
                )
            )
        officer = officers.get(incident.division.code)
        if officer is not None and rng.random() < 0.2:
            comments.append(
                models.Comment(
                    incident=incident,
                    author=officer,
                    body="Discussed at the divisional group; the team has been reminded of "
                    "the procedure.",
                )
            )
    bulk_with_history(models.Action, actions)
    bulk_with_history(models.OtherNotification, others)
    bulk_with_history(models.Comment, comments)
