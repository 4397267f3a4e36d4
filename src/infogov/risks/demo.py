"""Demo risk register: about 30 risks across the five headings, with reviews and escalations."""

from __future__ import annotations

from datetime import timedelta

from infogov.core.demo import DemoContext
from infogov.core.models import bulk_with_history
from infogov.organisation.models import Division, Person
from infogov.risks import models
from infogov.risks.choices import Effectiveness, EscalationStatus, Heading, RiskStatus

RISKS: dict[str, list[tuple[str, str, str]]] = {
    Heading.GOVERNANCE: [
        (
            "Record of processing out of date",
            "Asset owners do not review their assets",
            "Inaccurate Article 30 record; ICO criticism at audit",
        ),
        (
            "DPIAs not carried out for new systems",
            "Projects start before IG is consulted",
            "High-risk processing without mitigation",
        ),
        (
            "Processor contracts lack Article 28 terms",
            "Legacy contracts not reviewed",
            "Council cannot enforce security obligations on suppliers",
        ),
        (
            "Information sharing without agreements",
            "Informal sharing with partners",
            "Unlawful disclosure; loss of partner trust",
        ),
        (
            "DPO capacity insufficient",
            "Single post with growing demand",
            "Advice delayed; statutory tasks missed",
        ),
        (
            "Privacy notices incomplete",
            "Service changes not reflected in notices",
            "Transparency breach under Articles 13 and 14",
        ),
    ],
    Heading.TRAINING: [
        (
            "Mandatory training completion below target",
            "No chase process in some services",
            "Staff unaware of obligations; more incidents",
        ),
        (
            "Elected members not trained",
            "Induction timetable crowded",
            "Members mishandle constituents' data",
        ),
        (
            "Managers unaware of breach reporting duty",
            "Guidance not refreshed",
            "Late reporting beyond 72 hours",
        ),
        (
            "New starters access systems before training",
            "Accounts created on day one",
            "Untrained users handling special category data",
        ),
        (
            "Phishing awareness low",
            "No simulated phishing since 2023",
            "Credential theft and ransomware",
        ),
        (
            "Specialist roles lack role-based training",
            "No training needs analysis",
            "Errors in redaction and disclosure",
        ),
    ],
    Heading.RECORDS: [
        (
            "Retention schedule not applied to shared drives",
            "No disposal routine",
            "Excess personal data held; higher breach impact",
        ),
        (
            "Paper records in unsecured storage",
            "Basement store access not controlled",
            "Loss or unauthorised access to files",
        ),
        (
            "Records Management Plan elements out of date",
            "Keeper's review overdue",
            "Non-compliance with the Public Records (Scotland) Act 2011",
        ),
        (
            "Email used as a records store",
            "No corporate file plan in Microsoft 365",
            "Records cannot be found for requests",
        ),
        (
            "Legacy system decommissioned without migration",
            "Project closure rushed",
            "Loss of records needed for statutory purposes",
        ),
        (
            "Disposal not evidenced",
            "Certificates of destruction not kept",
            "Cannot show lawful disposal",
        ),
    ],
    Heading.SECURITY: [
        (
            "Misdirected email containing personal data",
            "Autocomplete of addresses",
            "Personal data breach affecting service users",
        ),
        (
            "Unencrypted removable media",
            "Device control not enforced",
            "Loss of data on lost devices",
        ),
        (
            "Excessive access rights in social care system",
            "Leavers and movers not removed",
            "Inappropriate access to sensitive records",
        ),
        (
            "Home working on personal devices",
            "Remote access policy not enforced",
            "Data stored outside council control",
        ),
        (
            "Supplier breach in cloud service",
            "Limited assurance of suppliers",
            "Large-scale breach reportable to the ICO",
        ),
        (
            "Printing left at shared printers",
            "Follow-me printing not everywhere",
            "Disclosure to other staff and visitors",
        ),
    ],
    Heading.REQUESTS: [
        (
            "Subject access requests answered late",
            "Searches by divisions delayed",
            "Complaints to the ICO; enforcement",
        ),
        (
            "FOI responses late in peak periods",
            "Caseworker capacity",
            "Scottish Information Commissioner decisions against the council",
        ),
        (
            "Over-disclosure in redaction",
            "Manual redaction without second check",
            "Third-party personal data disclosed",
        ),
        (
            "Requests not recognised by front-line staff",
            "Low awareness of what a SAR is",
            "Statutory clock missed from day one",
        ),
        (
            "Incomplete searches for requested information",
            "Records spread across systems",
            "Incomplete responses and reviews",
        ),
        (
            "Identity of requesters not verified",
            "Inconsistent ID checks",
            "Disclosure to the wrong person",
        ),
    ],
}

CONTROLS = [
    "Annual review reminders to owners",
    "Quarterly report to IMG",
    "Mandatory e-learning module",
    "Technical control enforced by IT",
    "Second-person check before release",
    "Written procedure published on the intranet",
    "Contract clause review by Legal",
    "Monitoring of KPIs by DIMG",
]


def load(ctx: DemoContext) -> None:
    rng = ctx.rng
    divisions = list(Division.objects.order_by("code"))
    if not divisions:
        return
    by_code = {d.code: d for d in divisions}
    owners_by_division: dict[int, list[Person]] = {}
    for person in Person.objects.filter(kind="staff", is_active=True).exclude(division=None):
        owners_by_division.setdefault(person.division_id, []).append(person)
    named = {
        p.user.username: p for p in Person.objects.filter(user__isnull=False).select_related("user")
    }

    bulk_with_history(
        models.RiskBand,
        [
            models.RiskBand(name=b.name, min_score=b.min_score, colour=b.colour)
            for b in models.DEFAULT_BANDS
        ],
    )

    risks: list[models.Risk] = []
    number = 0
    officer_for = {"cr": "cr.officer", "ecs": "ecs.officer", "cw": "cw.officer"}
    for heading, entries in RISKS.items():
        for index, (title, cause, consequence) in enumerate(entries):
            number += 1
            division = divisions[(number + index) % len(divisions)]
            candidates: list[Person | None] = list(owners_by_division.get(division.pk, [])) or [
                None
            ]
            owner = named.get(officer_for.get(division.code, "")) if index == 0 else None
            owner = owner or rng.choice(candidates)
            il, ii = rng.randint(3, 5), rng.randint(2, 5)
            rl, ri = max(1, il - rng.randint(0, 2)), max(1, ii - rng.randint(0, 2))
            status = RiskStatus.TREATING if rl * ri >= 12 else RiskStatus.OPEN
            if number % 11 == 0:
                status = RiskStatus.TOLERATED
            risk = models.Risk(
                reference=f"R{number:03d}",
                title=title,
                heading=heading,
                division=division,
                owner=owner,
                cause=cause,
                consequence=consequence,
                inherent_likelihood=il,
                inherent_impact=ii,
                residual_likelihood=rl,
                residual_impact=ri,
                target_score=max(1, min(rl * ri, 6)) if rl * ri > 6 else rl * ri,
                review_date=ctx.anchor + timedelta(days=rng.randint(-40, 120)),
                last_reviewed_on=ctx.days_ago(rng.randint(20, 80)),
                status=status,
            )
            if risk.target_score not in (1, 2, 3, 4, 5, 6):
                risk.target_score = 6
            risk.compute_scores()
            risks.append(risk)
    bulk_with_history(models.Risk, risks)
    saved = list(models.Risk.objects.order_by("reference"))

    reviews: list[models.RiskReview] = []
    controls: list[models.Control] = []
    for risk in saved:
        # Four quarterly reviews: the residual score comes down towards today's value.
        assert risk.residual_likelihood and risk.residual_impact  # noqa: S101
        for quarter in range(4, 0, -1):
            extra_l = min(5, risk.residual_likelihood + (quarter - 1) // 2)
            extra_i = min(5, risk.residual_impact + (1 if quarter == 4 else 0))
            review = models.RiskReview(
                risk=risk,
                reviewed_on=ctx.days_ago(quarter * 91 - rng.randint(0, 20) + 10),
                reviewed_by=ctx.actor,
                inherent_likelihood=risk.inherent_likelihood,
                inherent_impact=risk.inherent_impact,
                residual_likelihood=extra_l if quarter > 1 else risk.residual_likelihood,
                residual_impact=extra_i if quarter > 1 else risk.residual_impact,
                note="Quarterly review at DIMG" if quarter > 1 else "Reviewed at IMG",
                next_review=risk.review_date,
            )
            review.compute_scores()
            reviews.append(review)
        for c in range(rng.randint(1, 3)):
            controls.append(
                models.Control(
                    risk=risk,
                    description=CONTROLS[(risk.pk + c * 3) % len(CONTROLS)],
                    effectiveness=rng.choice(list(Effectiveness.values)),
                    owner=risk.owner,
                )
            )
    bulk_with_history(models.RiskReview, reviews)
    bulk_with_history(models.Control, controls)

    top = sorted(saved, key=lambda r: -r.residual_score)
    today = ctx.anchor
    escalations = [
        models.Escalation(
            risk=top[0],
            division=top[0].division,
            summary="The residual score has stayed Very high for two quarters despite "
            "the controls in place.",
            requested_decision="Fund a second DPO post for two years.",
            status=EscalationStatus.DECIDED,
            raised_by=ctx.actor,
            raised_on=today - timedelta(days=120),
            siro_note="Agreed: the group cannot treat this further without resources.",
            siro_decided_on=today - timedelta(days=115),
            cmt_decision="Approved a fixed-term post funded from reserves.",
            cmt_decided_on=today - timedelta(days=100),
        ),
        models.Escalation(
            risk=top[1],
            division=top[1].division,
            summary="Access rights are not removed when staff move; audit found 40 cases.",
            requested_decision="Mandate monthly access reviews by all service managers.",
            status=EscalationStatus.ACCEPTED,
            raised_by=ctx.actor,
            raised_on=today - timedelta(days=30),
            siro_note="For the next CMT.",
            siro_decided_on=today - timedelta(days=25),
        ),
        models.Escalation(
            risk=top[2],
            division=top[2].division,
            summary="Late responses to requests are rising in the peak season.",
            requested_decision="Agree temporary redeployment of two officers.",
            status=EscalationStatus.RETURNED,
            raised_by=ctx.actor,
            raised_on=today - timedelta(days=60),
            siro_note="Please show the trend over a full year and the divisional split first.",
            siro_decided_on=today - timedelta(days=55),
        ),
        models.Escalation(
            subject="Incident: social work file sent to wrong address",
            division=by_code.get("cw", divisions[0]),
            summary="A serious incident reported to the ICO; repeat cause of misdirected mail.",
            requested_decision="Approve a council-wide switch to secure e-mail by default.",
            status=EscalationStatus.RAISED,
            raised_by=ctx.actor,
            raised_on=today - timedelta(days=5),
        ),
    ]
    bulk_with_history(models.Escalation, escalations)
