"""Demo plans: this year's action plan with progress, two years of KPIs, self-assessments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from simple_history.utils import bulk_update_with_history

from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.organisation.models import Division, Person
from infogov.plans import computations, models, services
from infogov.plans.choices import (
    ActionStatus,
    AssessmentStatus,
    ComputedBy,
    Direction,
    Frequency,
    ItemStatus,
    PlanStatus,
    Rag,
    UpdateRequestStatus,
    ValueSource,
)
from infogov.risks.models import Risk

ACTIONS = [
    ("governance", "Refresh the record of processing activities with every IAO"),
    ("governance", "Embed DPIA screening in the project gateway"),
    ("governance", "Review processor contracts for Article 28 terms"),
    ("training", "Raise mandatory training completion to 95%"),
    ("training", "Deliver data protection training to elected members"),
    ("training", "Run a phishing awareness campaign"),
    ("records", "Apply the retention schedule to shared drives"),
    ("records", "Submit the updated Records Management Plan to the Keeper"),
    ("records", "Introduce certificates of destruction for all disposals"),
    ("security", "Roll out secure e-mail by default"),
    ("security", "Quarterly access reviews in the social care system"),
    ("security", "Enforce encryption of removable media"),
    ("requests", "Cut late subject access responses by half"),
    ("requests", "Introduce second-person checks for redaction"),
    ("requests", "Train front-line staff to recognise requests"),
]

KPIS = [
    (
        "SARs answered on time",
        ComputedBy.SAR_ON_TIME,
        "90",
        "5",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "Subject access requests answered within the statutory month "
        "(or extended period) as a share of those answered in the period.",
        78,
        93,
    ),
    (
        "FOI requests answered on time",
        ComputedBy.FOI_ON_TIME,
        "95",
        "3",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "FOI and EIR requests answered within 20 working days as a share "
        "of those answered in the period.",
        86,
        96,
    ),
    (
        "Incidents reported within 24 hours",
        ComputedBy.INCIDENTS_24H,
        "90",
        "10",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "Incidents reported to the IG team within 24 "
        "hours of discovery as a share of incidents reported.",
        70,
        92,
    ),
    (
        "Training compliance",
        ComputedBy.TRAINING,
        "95",
        "5",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "Staff with mandatory data protection training completed in the "
        "last 12 months as a share of all staff.",
        81,
        94,
    ),
    (
        "Assets reviewed in the last 12 months",
        ComputedBy.ASSETS_REVIEWED,
        "100",
        "10",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "Information assets reviewed by their IAO in the last 12 months as a share of all assets.",
        62,
        91,
    ),
    (
        "IMG meeting attendance",
        ComputedBy.IMG_ATTENDANCE,
        "80",
        "10",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "Members present (or deputised) at main IMG meetings as a share of expected attendances.",
        70,
        88,
    ),
    (
        "Personal data breaches reported to the ICO",
        ComputedBy.MANUAL,
        "2",
        "1",
        Direction.LOWER,
        Frequency.QUARTERLY,
        "Breaches the council reported to the ICO in the quarter.",
        4,
        1,
    ),
    (
        "Policies reviewed by their due date",
        ComputedBy.MANUAL,
        "100",
        "10",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "Information governance policies reviewed by their review date.",
        75,
        95,
    ),
]

ICO_STATUS_THEN = [
    "met",
    "partly_met",
    "partly_met",
    "met",
    "not_met",
    "partly_met",
    "met",
    "partly_met",
    "not_met",
    "met",
]
ICO_STATUS_NOW = [
    "met",
    "met",
    "partly_met",
    "met",
    "partly_met",
    "met",
    "met",
    "met",
    "partly_met",
    "met",
]

# The Keeper's 15 elements: last year (completed) and this year (12 assessed so far).
KEEPER_STATUS_THEN = ["met"] * 11 + ["partly_met", "met", "partly_met", "not_applicable"]
KEEPER_STATUS_NOW = ["met"] * 5 + ["partly_met", "met", "met", "met", "met", "met", "partly_met"]


def _plan_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    frameworks = {f.slug: f for f in services.sync_frameworks()}
    divisions = list(Division.objects.order_by("code"))
    named = {
        p.user.username: p for p in Person.objects.filter(user__isnull=False).select_related("user")
    }
    staff_by_division: dict[int, list[Person]] = {}
    for person in Person.objects.filter(kind="staff", is_active=True).exclude(division=None):
        staff_by_division.setdefault(person.division_id, []).append(person)
    risks_by_heading: dict[str, list[Risk]] = {}
    for risk in Risk.objects.order_by("reference"):
        risks_by_heading.setdefault(risk.heading, []).append(risk)

    year = _plan_year(ctx.anchor)
    plan = models.ActionPlan.objects.create(
        year=year,
        title=f"Information governance action plan {year}/{str(year + 1)[2:]}",
        description="The IMG's annual plan, recorded in the corporate performance system.",
        status=PlanStatus.APPROVED,
        approved_on=date(year, 4, 20),
    )
    start = date(year, 4, 1)
    elapsed = max(1, (ctx.anchor - start).days)
    actions: list[models.PlanAction] = []
    for index, (heading, title) in enumerate(ACTIONS, start=1):
        division = divisions[index % len(divisions)] if divisions and index % 4 else None
        owner = None
        if division is not None:
            owner = rng.choice(list(staff_by_division.get(division.pk, [])) or [None])
        owner = owner or named.get("ig.manager")
        due = start + timedelta(days=60 + (index * 23) % 300)
        related: list[Risk | None] = list(risks_by_heading.get(heading, [])) or [None]
        actions.append(
            models.PlanAction(
                plan=plan,
                reference=f"IG-{year}-{index:02d}",
                title=title,
                description=f"{title}, as agreed by the IMG.",
                owner=owner,
                division=division,
                heading=heading,
                due_date=due,
                risk=related[index % len(related)],
            )
        )
    bulk_with_history(models.PlanAction, actions)
    saved = list(models.PlanAction.objects.filter(plan=plan).order_by("reference"))

    updates: list[models.ProgressUpdate] = []
    milestones: list[models.Milestone] = []
    for index, action in enumerate(saved):
        span = max(1, (action.due_date - start).days)
        expected = min(100, int(100 * elapsed / span))
        behind = index % 5 == 2
        percent = 0
        for n in range(1, 4):
            day = start + timedelta(days=n * elapsed // 4)
            if day > ctx.anchor:
                break
            percent = min(100, max(percent, expected * n // 3 - (25 if behind else 0)))
            rag = Rag.GREEN if not behind else (Rag.AMBER if n < 3 else Rag.RED)
            updates.append(
                models.ProgressUpdate(
                    action=action,
                    reported_on=day,
                    percentage=max(0, percent),
                    rag=rag,
                    narrative="On track; milestones met."
                    if rag == Rag.GREEN
                    else "Delayed by competing priorities in the service; recovery plan agreed.",
                    reported_by=ctx.actor,
                )
            )
        action.percent_complete = max(0, percent)
        if updates and updates[-1].action is action:
            action.rag = updates[-1].rag
            action.last_update_on = updates[-1].reported_on
        if action.percent_complete >= 100:
            action.status = ActionStatus.COMPLETED
            action.completed_on = action.last_update_on
        elif action.percent_complete > 0:
            action.status = ActionStatus.IN_PROGRESS
        action.save()
        milestones.append(
            models.Milestone(
                action=action,
                title="Approach agreed at DIMG",
                due_date=start + timedelta(days=45),
                completed_on=start + timedelta(days=40)
                if ctx.anchor > start + timedelta(days=40)
                else None,
            )
        )
        milestones.append(
            models.Milestone(
                action=action,
                title="Report to IMG",
                due_date=action.due_date - timedelta(days=14),
            )
        )
    bulk_with_history(models.ProgressUpdate, updates)
    bulk_with_history(models.Milestone, milestones)

    # KPIs with two years of quarterly history, improving from `then` towards `now`.
    kpis = [
        models.Kpi(
            name=name,
            computed_by=computed,
            target=Decimal(target),
            tolerance=Decimal(tolerance),
            direction=direction,
            frequency=frequency,
            definition=definition,
            unit="%" if "breaches" not in name else "breaches",
            owner=named.get("ig.manager"),
        )
        for name, computed, target, tolerance, direction, frequency, definition, _a, _b in KPIS
    ]
    bulk_with_history(models.Kpi, kpis)
    saved_kpis = {k.name: k for k in models.Kpi.objects.all()}
    periods = services.recent_periods(Frequency.QUARTERLY, ctx.anchor, 8)
    values: list[models.KpiValue] = []
    for name, *_rest, then, now in KPIS:
        kpi = saved_kpis[name]
        for n, (period_start, period_end) in enumerate(periods):
            value = then + (now - then) * n / (len(periods) - 1) + rng.uniform(-3, 3)
            if kpi.unit != "%":
                value = max(0, round(then + (now - then) * n / 7 + rng.choice([-1, 0, 1])))
            values.append(
                models.KpiValue(
                    kpi=kpi,
                    period_start=period_start,
                    period_end=period_end,
                    value=Decimal(str(round(min(100, value), 1))),
                    source=ValueSource.MANUAL,
                    note="From the corporate performance system.",
                )
            )
    bulk_with_history(models.KpiValue, values)
    # The last four quarters of computed KPIs come from live data where the modules have it.
    for kpi in saved_kpis.values():
        if not kpi.computed_by:
            continue
        for period_start, period_end in periods[-4:]:
            computed, note = computations.compute(kpi.computed_by, period_start, period_end)
            if computed is None:
                continue
            row = models.KpiValue.objects.get(kpi=kpi, period_start=period_start)
            row.value, row.note, row.source = computed, note[:300], ValueSource.COMPUTED
            row.save()

    # Self-assessments: a completed one last year and one in progress now.
    ico = frameworks.get("ico-accountability")
    if ico is not None:
        lead = named.get("ig.manager")
        done = models.Assessment(
            framework=ico,
            title=f"ICO accountability {year - 1}",
            started_on=ctx.days_ago(400),
            lead=lead,
        )
        services.start_assessment(done, acting_user=ctx.actor)
        _fill(done, ICO_STATUS_THEN, complete=True)
        done.status = AssessmentStatus.COMPLETED
        done.completed_on = ctx.days_ago(340)
        done.save()
        current = models.Assessment(
            framework=ico,
            title=f"ICO accountability {year}",
            started_on=ctx.days_ago(30),
            lead=lead,
        )
        services.start_assessment(current, acting_user=ctx.actor)
        _fill(current, ICO_STATUS_NOW[:7], complete=False)
        for item in current.items.filter(status__in=["partly_met", "not_met"])[:2]:
            services.raise_gap_action(
                item,
                acting_user=ctx.actor,
                plan=plan,
                due_date=ctx.anchor + timedelta(days=90),
                owner=lead,
                heading="governance",
            )
    # The Keeper's Model Records Management Plan, shared with records: last year's
    # assessment completed, this year's progress update review in progress, each element
    # with an owner and (this year) a next review date.
    keeper = frameworks.get(services.KEEPER_FRAMEWORK)
    if keeper is not None:
        owners = [
            named.get(username)
            for username in ("ig.manager", "cr.officer", "siro", "ecs.officer", "cw.officer")
        ]
        earlier = models.Assessment(
            framework=keeper,
            title=f"Records Management Plan {year - 1}",
            started_on=ctx.days_ago(420),
            lead=named.get("ig.manager"),
            notes="Progress Update Review submitted to the Keeper.",
        )
        services.start_assessment(earlier, acting_user=ctx.actor)
        _fill(earlier, KEEPER_STATUS_THEN, complete=True, owners=owners)
        earlier.status = AssessmentStatus.COMPLETED
        earlier.completed_on = ctx.days_ago(360)
        earlier.save()
        current = models.Assessment(
            framework=keeper,
            title=f"Records Management Plan progress update review {year}",
            started_on=ctx.days_ago(60),
            lead=named.get("ig.manager"),
            notes="Progress Update Review for the Keeper; evidence being gathered.",
        )
        services.start_assessment(current, acting_user=ctx.actor)
        _fill(
            current,
            KEEPER_STATUS_NOW,
            complete=False,
            owners=owners,
            reviews=[
                ctx.anchor + timedelta(days=-14 if n in {4, 9} else 30 * (n % 12 + 1))
                for n in range(1, len(KEEPER_STATUS_THEN) + 1)
            ],
        )
        gap = current.items.filter(status=ItemStatus.PARTLY_MET).order_by("item__order").first()
        if gap is not None:
            services.raise_gap_action(
                gap,
                acting_user=ctx.actor,
                plan=plan,
                due_date=ctx.anchor + timedelta(days=120),
                owner=gap.owner,
                heading="records",
            )

    # Requests for updates: one answered, one open, one overdue.
    requests: list[models.UpdateRequest] = []
    for n, action in enumerate([a for a in saved if a.owner_id][:3]):
        requests.append(
            models.UpdateRequest(
                action=action,
                owner_id=action.owner_id,
                division=action.division,
                question="Please update the IMG on progress and any risks to the due date.",
                due_date=ctx.anchor + timedelta(days=[-20, 10, -3][n]),
                status=UpdateRequestStatus.ANSWERED if n == 0 else UpdateRequestStatus.OPEN,
                requested_by=ctx.actor,
                response="Complete apart from the final report, due next month." if n == 0 else "",
                responded_on=ctx.days_ago(22) if n == 0 else None,
            )
        )
    bulk_with_history(models.UpdateRequest, requests)


def _fill(
    assessment: models.Assessment,
    statuses: list[str],
    *,
    complete: bool,
    owners: list[Person | None] | None = None,
    reviews: list[date] | None = None,
) -> None:
    """Give the first items their statuses (the rest stay unassessed unless `complete`),
    evidence links, and, when given, owners in turn and next review dates."""
    items = list(assessment.items.select_related("item").order_by("item__order"))
    for n, item in enumerate(items):
        if owners:
            item.owner = owners[n % len(owners)]
        if reviews:
            item.next_review = reviews[n % len(reviews)]
        if n >= len(statuses):
            continue
        status = statuses[n]
        item.status = status
        if status == ItemStatus.NOT_APPLICABLE:
            continue
        item.evidence = f"https://intranet.eskvale.example.gov.uk/ig/evidence/{item.item.code}"
        if owners:  # the records tracker keeps documents on the file server too
            item.evidence += f"\n\\\\fileserver\\records\\RMP\\Element {item.item.code}"
        if status in {ItemStatus.PARTLY_MET, ItemStatus.NOT_MET}:
            item.gap = f"Evidence for “{item.item.title}” is incomplete in some divisions."
    bulk_update_with_history(
        items, models.AssessmentItem, ["status", "evidence", "gap", "owner", "next_review"]
    )
    _ = complete
