"""Demo organisation (PRODUCT §3): a council modelled on the IMG remit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group as AuthGroup
from django.utils import timezone

from infogov.core.backends import DEMO_GROUP
from infogov.core.demo import DEMO_PASSWORD, DemoContext
from infogov.core.middleware import MFA_REQUIRED_BY_DEFAULT
from infogov.core.models import bulk_with_history
from infogov.core.roles import Role
from infogov.organisation import models
from infogov.organisation.choices import GroupKind, MembershipRole, PersonKind

DIVISIONS = [
    (
        "Corporate Resources",
        "cr",
        ["Finance", "Human Resources", "IT Services", "Legal and Governance", "Customer Services"],
    ),
    (
        "Education & Children's Services",
        "ecs",
        ["Schools", "Early Years", "Children's Social Work", "Lifelong Learning"],
    ),
    (
        "Communities & Wellbeing",
        "cw",
        [
            "Adult Health and Social Care",
            "Housing",
            "Environmental Health",
            "Libraries and Leisure",
        ],
    ),
]

# username, first, last, title, division code, service, roles [(role, division code|None)]
SIGN_INS: list[tuple[str, str, str, str, str | None, str | None, list[tuple[str, str | None]]]] = [
    (
        "ig.manager",
        "Morag",
        "Henderson",
        "Information Governance Manager and DPO",
        "cr",
        "Legal and Governance",
        [(Role.IG_MANAGER, None), (Role.DPO, None)],
    ),
    (
        "siro",
        "Alasdair",
        "Fraser",
        "Executive Director, Place (SIRO)",
        "cr",
        None,
        [(Role.SIRO, None)],
    ),
    (
        "cr.officer",
        "Fiona",
        "Grant",
        "Information Officer, Corporate Resources",
        "cr",
        "IT Services",
        [(Role.INFORMATION_OFFICER, "cr"), (Role.DIVISIONAL_CHAIR, "cr")],
    ),
    (
        "ecs.officer",
        "Kirsty",
        "Campbell",
        "Information Officer, Education",
        "ecs",
        "Schools",
        [(Role.INFORMATION_OFFICER, "ecs"), (Role.DIVISIONAL_CHAIR, "ecs")],
    ),
    (
        "cw.officer",
        "Euan",
        "Robertson",
        "Information Officer, Communities",
        "cw",
        "Housing",
        [(Role.INFORMATION_OFFICER, "cw"), (Role.DIVISIONAL_CHAIR, "cw")],
    ),
    (
        "cr.iao",
        "Graeme",
        "Stewart",
        "Revenues Manager (Information Asset Owner)",
        "cr",
        "Finance",
        [(Role.IAO, "cr")],
    ),
    (
        "caseworker",
        "Ailsa",
        "MacLeod",
        "Information Governance Caseworker",
        "cr",
        "Legal and Governance",
        [(Role.CASEWORKER, None)],
    ),
    (
        "staff.member",
        "Jamie",
        "Thomson",
        "Customer Services Adviser",
        "cr",
        "Customer Services",
        [],
    ),
    (
        "councillor",
        "Catriona",
        "Murray",
        "Councillor, Eskbank ward",
        None,
        None,
        [(Role.ELECTED_MEMBER, None)],
    ),
    (
        "auditor",
        "Neil",
        "Paterson",
        "Internal Audit Manager",
        "cr",
        "Finance",
        [(Role.AUDITOR, None)],
    ),
]

FIRST = [
    "Aileen",
    "Andrew",
    "Callum",
    "Claire",
    "David",
    "Eilidh",
    "Gillian",
    "Hamish",
    "Isla",
    "Iain",
    "Jennifer",
    "Keith",
    "Lorna",
    "Mhairi",
    "Niall",
    "Rhona",
    "Ross",
    "Shona",
    "Stuart",
    "Yvonne",
]
LAST = [
    "Anderson",
    "Bell",
    "Brown",
    "Cameron",
    "Clark",
    "Duncan",
    "Ferguson",
    "Gray",
    "Hamilton",
    "Kerr",
    "Mackay",
    "Martin",
    "Milne",
    "Mitchell",
    "Reid",
    "Ross",
    "Scott",
    "Simpson",
    "Watson",
    "Wilson",
]
WARDS = [
    "Bonnyrigg",
    "Dalkeith",
    "Eskbank",
    "Midlothian East",
    "Midlothian South",
    "Midlothian West",
    "Penicuik",
]

ROLE_TEXT = {
    Role.IG_MANAGER: (
        "Leads information governance and advises as Data Protection Officer.",
        "Maintain the information asset register and retention schedule\n"
        "Triage incidents and decide ICO notification with the SIRO\n"
        "Oversee subject access and FOI requests\nReport to CMT via the SIRO",
    ),
    Role.SIRO: (
        "Owns information risk for the council and reports to CMT.",
        "Attend the main IMG\nDecide escalated risks and accept residual risk\n"
        "Sign off the quarterly report to the Corporate Management Team",
    ),
    Role.DPO: (
        "Independent adviser on data protection (UK GDPR Art. 37 to 39).",
        "Advise on DPIAs\nMonitor compliance\nAct as contact point for the ICO",
    ),
    Role.IMG_CHAIR: (
        "Chairs the main Information Management Group (the IT Business Services Manager).",
        "Chair the bi-monthly IMG meeting\nAgree the agenda and the annual action plan",
    ),
    Role.DIVISIONAL_CHAIR: (
        "Hosts the divisional group and represents the division at IMG.",
        "Host bi-monthly DIMG meetings\nReport from and back to the Divisional Management Team",
    ),
    Role.INFORMATION_OFFICER: (
        "The division's nominated information officer.",
        "Keep the division's assets and risks up to date\n"
        "Carry out searches for requests sent to the division\n"
        "Encourage reporting of incidents and near misses",
    ),
    Role.DEPUTY_INFORMATION_OFFICER: (
        "Acts for the information officer when needed.",
        "Attend meetings as substitute\nCover searches",
    ),
    Role.IAO: (
        "Owns and reviews named information assets.",
        "Review each asset at least annually\nApprove access and sharing",
    ),
    Role.CASEWORKER: (
        "Handles requests and incidents for the IG team.",
        "Work assigned cases to their statutory deadlines",
    ),
    Role.STAFF: (
        "Every employee handles information responsibly.",
        "Report incidents and near misses straight away\nComplete mandatory training",
    ),
    Role.ELECTED_MEMBER: (
        "Councillors handle constituents' information.",
        "Complete data protection training\nKnow the council's KPIs",
    ),
    Role.AUDITOR: (
        "Internal audit reviews information governance.",
        "Read-only access to evidence for audits",
    ),
}


def load(ctx: DemoContext) -> None:
    models.Council.objects.create(
        name="Eskvale Council",
        short_name="Eskvale",
        address="Council Buildings, 1 High Street, Dalkeith EH22 1AA",
        email="dataprotection@eskvale.example.gov.uk",
        phone="0131 270 0000",
        website="https://www.eskvale.example.gov.uk",
        ico_registration_number="Z5632145",
        dpo_contact="Data Protection Officer, Council Buildings, Dalkeith; "
        "dataprotection@eskvale.example.gov.uk",
    )
    divisions = {}
    services: dict[tuple[str, str], models.Service] = {}
    for name, code, service_names in DIVISIONS:
        division = models.Division.objects.create(
            name=name, code=code, description=f"The {name} division."
        )
        divisions[code] = division
        created = bulk_with_history(
            models.Service,
            [models.Service(division=division, name=s) for s in service_names],
        )
        for service in models.Service.objects.filter(division=division):
            services[(code, service.name)] = service
        _ = created

    user_model = get_user_model()
    demo_group, _ = AuthGroup.objects.get_or_create(name=DEMO_GROUP)
    password = make_password(DEMO_PASSWORD)
    start = ctx.days_ago(365 * 3)
    people: dict[str, models.Person] = {}
    for username, first, last, title, home_code, service, _roles in SIGN_INS:
        user = user_model.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            password=password,
            email=f"{username}@eskvale.example.gov.uk",
        )
        user.groups.add(demo_group)
        kind = PersonKind.ELECTED_MEMBER if username == "councillor" else PersonKind.STAFF
        people[username] = models.Person.objects.create(
            user=user,
            first_name=first,
            last_name=last,
            job_title=title,
            email=user.email,
            kind=kind,
            division=divisions.get(home_code) if home_code else None,
            service=services.get((home_code, service)) if home_code and service else None,
            ward="Eskbank" if kind == PersonKind.ELECTED_MEMBER else "",
            started_on=start,
        )

    # Colleagues who never sign in: no account at all (so no password to guess).
    staff: list[models.Person] = []
    for index in range(90):
        code = DIVISIONS[index % 3][1]
        service_name = DIVISIONS[index % 3][2][index % len(DIVISIONS[index % 3][2])]
        first, last = FIRST[index % len(FIRST)], LAST[(index * 7) % len(LAST)]
        staff.append(
            models.Person(
                first_name=first,
                last_name=last,
                kind=PersonKind.STAFF,
                email=f"{first}.{last}{index}@eskvale.example.gov.uk".lower(),
                job_title=ctx.rng.choice(
                    [
                        "Team Leader",
                        "Officer",
                        "Assistant",
                        "Manager",
                        "Senior Officer",
                        "Administrator",
                    ]
                ),
                division=divisions[code],
                service=services[(code, service_name)],
                started_on=ctx.days_ago(ctx.rng.randint(10, 4000)),
            )
        )
    members = [
        models.Person(
            first_name=FIRST[(i * 3) % 20],
            last_name=LAST[(i * 5 + 2) % 20],
            kind=PersonKind.ELECTED_MEMBER,
            ward=WARDS[i % len(WARDS)],
            email=f"cllr.{LAST[(i * 5 + 2) % 20]}{i}@eskvale.example.gov.uk".lower(),
            job_title="Councillor",
        )
        for i in range(17)
    ]
    experts = [
        models.Person(
            first_name="Moira",
            last_name="Lindsay",
            kind=PersonKind.CO_OPTED,
            organisation="NHS Lothian",
            job_title="Caldicott Guardian",
            email="moira.lindsay@nhs.example.scot",
        ),
        models.Person(
            first_name="Tom",
            last_name="Baxter",
            kind=PersonKind.CO_OPTED,
            organisation="Records consultant",
            job_title="Records Manager (retired)",
            email="tom.baxter@example.org",
        ),
    ]
    bulk_with_history(models.Person, staff + members + experts)
    extra = list(
        models.Person.objects.filter(user__isnull=True, kind=PersonKind.STAFF).order_by("pk")
    )
    deputies = {}
    img_chair = None
    for person in extra:
        code = person.division.code if person.division else ""
        if code and code not in deputies and person.job_title == "Senior Officer":
            deputies[code] = person
        if img_chair is None and code == "cr" and person.job_title == "Manager":
            img_chair = person

    assignments: list[models.RoleAssignment] = []
    for username, *_rest, roles in SIGN_INS:
        for role, role_code in roles:
            assignments.append(
                models.RoleAssignment(
                    person=people[username],
                    role=role,
                    division=divisions[role_code] if role_code else None,
                    starts_on=start,
                )
            )
    for code, person in deputies.items():
        assignments.append(
            models.RoleAssignment(
                person=person,
                role=Role.DEPUTY_INFORMATION_OFFICER,
                division=divisions[code],
                starts_on=start,
            )
        )
    if img_chair is not None:
        img_chair.job_title = "IT Business Services Manager"
        img_chair.save(update_fields=["job_title"])
        assignments.append(
            models.RoleAssignment(person=img_chair, role=Role.IMG_CHAIR, starts_on=start)
        )
    for person in extra[:12]:
        if person.division:
            assignments.append(
                models.RoleAssignment(
                    person=person, role=Role.IAO, division=person.division, starts_on=start
                )
            )
    bulk_with_history(models.RoleAssignment, assignments)

    img = models.Group.objects.create(
        name="Information Management Group",
        kind=GroupKind.IMG,
        description="The main group: identifies and maintains the council's information "
        "assets and reports threats to CMT via the SIRO.",
    )
    groups = {"img": img}
    for name, code, _services in DIVISIONS:
        groups[code] = models.Group.objects.create(
            name=f"{name} DIMG",
            kind=GroupKind.DIMG,
            division=divisions[code],
            description=f"Divisional information management group for {name}.",
        )
    memberships: list[models.Membership] = []
    if img_chair is not None:
        memberships.append(
            models.Membership(group=img, person=img_chair, role=MembershipRole.CHAIR)
        )
    memberships += [
        models.Membership(group=img, person=people["siro"], role=MembershipRole.SIRO_IN_ATTENDANCE),
        models.Membership(group=img, person=people["ig.manager"], role=MembershipRole.MEMBER),
        models.Membership(group=img, person=people["caseworker"], role=MembershipRole.SECRETARY),
        models.Membership(group=img, person=experts[0], role=MembershipRole.CO_OPTED),
    ]
    for code, officer in (("cr", "cr.officer"), ("ecs", "ecs.officer"), ("cw", "cw.officer")):
        memberships.append(
            models.Membership(group=img, person=people[officer], role=MembershipRole.MEMBER)
        )
        memberships.append(
            models.Membership(group=groups[code], person=people[officer], role=MembershipRole.CHAIR)
        )
        if code in deputies:
            memberships.append(
                models.Membership(
                    group=groups[code],
                    person=deputies[code],
                    role=MembershipRole.DEPUTY,
                    deputy_for=people[officer],
                )
            )
        for person in [p for p in extra if p.division and p.division.code == code][:5]:
            if person != deputies.get(code):
                memberships.append(
                    models.Membership(group=groups[code], person=person, role=MembershipRole.MEMBER)
                )
    memberships.append(
        models.Membership(group=groups["cr"], person=people["cr.iao"], role=MembershipRole.MEMBER)
    )
    bulk_with_history(models.Membership, memberships)

    bulk_with_history(
        models.RoleDescription,
        [
            # As in production; the demo sign-ins themselves are let in without a code.
            models.RoleDescription(
                role=role,
                summary=text[0],
                responsibilities=text[1],
                mfa_required=role in MFA_REQUIRED_BY_DEFAULT,
            )
            for role, text in ROLE_TEXT.items()
        ],
    )
    version = models.RolesPageVersion.objects.create(
        version=1,
        published_by=ctx.actor,
        published_at=timezone.now() - timedelta(days=200),
        introduction="The Information Management Group identifies and maintains high-quality "
        "information assets and shares them in line with data protection law. Every division "
        "is represented. These are the roles in that structure and what each is responsible "
        "for.",
        change_note="First publication",
    )
    acknowledgers = ["siro", "cr.officer", "ecs.officer", "cr.iao", "caseworker"]
    bulk_with_history(
        models.Acknowledgement,
        [
            models.Acknowledgement(
                person=people[u],
                version=version,
                acknowledged_at=timezone.now() - timedelta(days=190 - i),
            )
            for i, u in enumerate(acknowledgers)
        ],
    )
    ctx.cache["people"] = people
    ctx.cache["divisions"] = divisions


def demo_people() -> dict[str, Any]:
    """The demo sign-ins' person records, for other apps' demo loaders."""
    return {
        p.user.username: p
        for p in models.Person.objects.filter(user__isnull=False).select_related("user")
    }
