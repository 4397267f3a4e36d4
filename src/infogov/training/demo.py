"""Demo training (PRODUCT §3): six modules, about 1,200 completions over eight years in the
three divisions (some lapsed, some never done, new starters), and an awareness campaign
with a survey and its answers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.core.roles import Role
from infogov.organisation.choices import PersonKind
from infogov.organisation.models import Division, Person
from infogov.training import models
from infogov.training.choices import Audience, Channel, Provider, Source

MODULES = [
    (
        "Data protection essentials",
        "UK GDPR and the Data Protection Act 2018 for everyone who handles personal data: "
        "the principles, rights, and how to spot and report a breach.",
        Audience.ALL_STAFF,
        "",
        12,
        Provider.E_LEARNING,
    ),
    (
        "Cyber security awareness",
        "Phishing, passwords, devices and working away from the office.",
        Audience.ALL_STAFF,
        "",
        12,
        Provider.E_LEARNING,
    ),
    (
        "Records management for staff",
        "The retention schedule, the Public Records (Scotland) Act 2011 and filing well.",
        Audience.ALL_STAFF,
        "",
        24,
        Provider.E_LEARNING,
    ),
    (
        "Information governance for managers",
        "A manager's duties: their team's information, sharing, incidents and requests.",
        Audience.MANAGERS,
        "",
        24,
        Provider.CLASSROOM,
    ),
    (
        "Data protection for elected members",
        "Councillors' responsibilities for constituents' information, and their exemption "
        "from the ICO fee for their functions.",
        Audience.ELECTED_MEMBERS,
        "",
        12,
        Provider.BRIEFING,
    ),
    (
        "Information asset owner training",
        "Owning an asset: the register, risks, sharing agreements and reviews.",
        Audience.ROLE,
        Role.IAO,
        24,
        Provider.CLASSROOM,
    ),
]

NEW_STARTERS = [
    ("Isla", "Brodie", "cr", 12),
    ("Callum", "Neish", "cr", 45),
    ("Rhona", "Tait", "ecs", 8),
    ("Fraser", "Lamont", "ecs", 40),
    ("Mhairi", "Cowan", "cw", 20),
    ("Niall", "Forsyth", "cw", 60),
]

STATEMENTS = [
    "I know how to recognise a phishing e-mail.",
    "I know how to report a suspected phishing e-mail or data breach.",
    "I would check with the sender before opening an unexpected attachment.",
    "The campaign's materials were useful to me.",
]


def _line_managers(ctx: DemoContext) -> None:
    """Staff in each service report to its manager (the demo's "managers" audience)."""
    staff = list(
        Person.objects.filter(kind=PersonKind.STAFF, user__isnull=True, line_manager__isnull=True)
        .exclude(service__isnull=True)
        .order_by("pk")
    )
    heads: dict[int, Person] = {}
    for person in staff:
        if person.job_title in {"Manager", "IT Business Services Manager"} and (
            person.service_id not in heads
        ):
            heads[person.service_id] = person  # type: ignore[index]
    changed = []
    for person in staff:
        head = heads.get(person.service_id)  # type: ignore[arg-type]
        if head is not None and head.pk != person.pk:
            person.line_manager = head
            changed.append(person)
    if changed:
        bulk_update_with_history(
            changed, Person, ["line_manager"], batch_size=500, default_user=ctx.actor
        )


def _new_starters(ctx: DemoContext) -> list[Person]:
    divisions = {d.code: d for d in Division.objects.all()}
    people = [
        Person(
            first_name=first,
            last_name=last,
            kind=PersonKind.STAFF,
            email=f"{first}.{last}@eskvale.example.gov.uk".lower(),
            job_title="Officer",
            division=divisions[code],
            started_on=ctx.days_ago(days),
        )
        for first, last, code, days in NEW_STARTERS
        if code in divisions
    ]
    return bulk_with_history(Person, people)


def _history(ctx: DemoContext, module: models.Module, person: Person, today: date) -> list[date]:
    """The completion dates of one person for one module over about eight years."""
    months = module.refresher_months or 12
    period = months * 30
    started = person.started_on or (today - timedelta(days=4000))
    if (today - started).days < 62:
        # New starters: about half have done it in their first weeks.
        if ctx.rng.random() < 0.5:
            return [today - timedelta(days=ctx.rng.randint(0, (today - started).days))]
        return []
    roll = ctx.rng.random()
    if roll < 0.08:
        return []  # never done: overdue
    if roll < 0.22:
        latest = period + ctx.rng.randint(5, 150)  # lapsed: expired
    elif roll < 0.30:
        latest = period - ctx.rng.randint(1, 29)  # lapsing within a month: due soon
    else:
        latest = ctx.rng.randint(5, period - 35)  # in date
    dates = []
    age = latest
    while age < 8 * 365 and today - timedelta(days=age) >= started:
        dates.append(today - timedelta(days=age))
        age += period + ctx.rng.randint(-20, 20)
    return dates


def load(ctx: DemoContext) -> None:
    today = ctx.anchor
    _line_managers(ctx)
    _new_starters(ctx)
    owner = Person.objects.filter(user__username="ig.manager").first()
    modules = bulk_with_history(
        models.Module,
        [
            models.Module(
                title=title,
                description=description,
                audience=audience,
                role=role,
                mandatory=True,
                refresher_months=months,
                provider=provider,
                owner=owner,
                required_from=today - timedelta(days=8 * 365),
            )
            for title, description, audience, role, months, provider in MODULES
        ],
    )
    completions = []
    for module in modules:
        for person in module.people(today).order_by("pk"):
            for day in _history(ctx, module, person, today):
                completions.append(
                    models.Completion(
                        person=person,
                        module=module,
                        completed_on=day,
                        score=ctx.rng.randint(70, 100)
                        if module.provider == Provider.E_LEARNING
                        else None,
                        source=Source.IMPORTED
                        if module.provider == Provider.E_LEARNING
                        else Source.ENTERED,
                    )
                )
    bulk_with_history(models.Completion, completions)

    campaign = models.Campaign.objects.create(
        title="Think before you click: phishing awareness month",
        description="A month of short messages, posters and a team briefing on phishing, "
        "ending with a short survey.",
        audience=Audience.ALL_STAFF,
        starts_on=today - timedelta(days=45),
        ends_on=today - timedelta(days=15),
        channel=Channel.EMAIL,
        materials="https://intranet.eskvale.example.gov.uk/ig/phishing-awareness\n"
        "https://intranet.eskvale.example.gov.uk/ig/report-a-breach",
    )
    survey = models.Survey.objects.create(
        title="Phishing awareness check",
        campaign=campaign,
        introduction="Four statements; it takes a minute.",
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=30),
    )
    questions = bulk_with_history(
        models.Question,
        [
            models.Question(survey=survey, number=n, text=text)
            for n, text in enumerate(STATEMENTS, start=1)
        ],
    )
    respondents = [
        p
        for p in Person.objects.filter(kind=PersonKind.STAFF, user__isnull=True).order_by("pk")
        if ctx.rng.random() < 0.6
    ]
    now = timezone.now()
    responses = bulk_with_history(
        models.SurveyResponse,
        [
            models.SurveyResponse(
                survey=survey,
                person=p,
                division_id=p.division_id,
                submitted_at=now - timedelta(days=ctx.rng.randint(1, 19), minutes=i),
            )
            for i, p in enumerate(respondents)
        ],
    )
    leaning: dict[Any, int] = {}
    answers = []
    for response in responses:
        base = leaning.setdefault(response.division_id, ctx.rng.randint(3, 4))
        for question in questions:
            score = max(1, min(5, base + ctx.rng.choice([-1, 0, 0, 1])))
            answers.append(models.Answer(response=response, question=question, score=score))
    bulk_with_history(models.Answer, answers)
