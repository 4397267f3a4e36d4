"""Business actions for risks: record, review, escalate to CMT via the SIRO."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from infogov.core.models import record_event
from infogov.core.permissions import CHANGE, get_roles
from infogov.core.roles import Role
from infogov.core.services import business_action
from infogov.organisation.models import Person
from infogov.risks.choices import EscalationStatus
from infogov.risks.models import Escalation, Risk, RiskBand, RiskReview

SCORE_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")


def person_of(user: Any) -> Person | None:
    roles = get_roles(user)
    if roles.person_id is None:
        return None
    return Person.objects.filter(pk=roles.person_id).first()


def _snapshot(risk: Risk, acting_user: Any, note: str, on: date | None = None) -> RiskReview:
    risk.compute_scores()
    assert risk.residual_likelihood is not None  # noqa: S101 - set by compute_scores
    assert risk.residual_impact is not None  # noqa: S101
    return RiskReview.objects.create(
        risk=risk,
        reviewed_on=on or timezone.localdate(),
        reviewed_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        inherent_likelihood=risk.inherent_likelihood,
        inherent_impact=risk.inherent_impact,
        residual_likelihood=risk.residual_likelihood,
        residual_impact=risk.residual_impact,
        note=note,
        next_review=risk.review_date,
    )


def create_risk(risk: Risk, *, acting_user: Any) -> Risk:
    """Record a new risk; the owner defaults to the person recording it."""
    with transaction.atomic():
        if risk.owner_id is None:
            risk.owner = person_of(acting_user)
        if risk.division_id is None and risk.owner is not None and risk.owner.division_id:
            risk.division_id = risk.owner.division_id
        if risk.division_id is None:
            raise ValidationError({"division": "Choose the division the risk belongs to."})
        risk.save()
        _snapshot(risk, acting_user, "Risk recorded")
        record_event(
            acting_user,
            risk,
            "recorded",
            f"Risk recorded under {risk.get_heading_display()}: residual score "
            f"{risk.residual_score} ({risk.residual_band})",
        )
    return risk


def update_risk(risk: Risk, *, acting_user: Any) -> Risk:
    """Save changes; a change of score is recorded as a review so the movement shows."""
    with transaction.atomic():
        before = Risk.objects.filter(pk=risk.pk).values(*SCORE_FIELDS).first() if risk.pk else None
        risk.save()
        if before is not None and any(before[f] != getattr(risk, f) for f in SCORE_FIELDS):
            _snapshot(risk, acting_user, "Scores changed")
            record_event(
                acting_user,
                risk,
                "rescored",
                f"Scores changed: residual now {risk.residual_score} ({risk.residual_band})",
            )
    return risk


def may_review(user: Any, risk: Risk) -> bool:
    """Those who may change the risk review it."""
    return Risk.policy.allows(user, CHANGE, risk)


@business_action(allowed=may_review, denied="You may not review this risk.")
def review_risk(
    risk: Risk,
    *,
    acting_user: Any,
    residual_likelihood: int,
    residual_impact: int,
    note: str = "",
    next_review: date | None = None,
    inherent_likelihood: int | None = None,
    inherent_impact: int | None = None,
    reviewed_on: date | None = None,
) -> RiskReview:
    """Review a risk: record its scores today and set the next review date."""
    with transaction.atomic():
        risk.residual_likelihood = residual_likelihood
        risk.residual_impact = residual_impact
        if inherent_likelihood is not None:
            risk.inherent_likelihood = inherent_likelihood
        if inherent_impact is not None:
            risk.inherent_impact = inherent_impact
        if next_review is not None:
            risk.review_date = next_review
        risk.last_reviewed_on = reviewed_on or timezone.localdate()
        risk.full_clean()
        risk.save()
        review = _snapshot(risk, acting_user, note, reviewed_on)
        record_event(
            acting_user,
            risk,
            "reviewed",
            f"Reviewed: residual score {risk.residual_score} ({risk.residual_band})"
            + (f". {note}" if note else ""),
        )
    return review


def is_siro(user: Any, escalation: Any = None) -> bool:
    roles = get_roles(user)
    return roles.is_superuser or roles.has_council_wide(Role.SIRO)


def may_record_decision(user: Any, escalation: Any = None) -> bool:
    roles = get_roles(user)
    return roles.is_superuser or roles.has_council_wide(Role.SIRO, Role.IG_MANAGER)


SIRO_ONLY = "Only the SIRO accepts or returns escalations."


def escalate(
    *,
    acting_user: Any,
    summary: str,
    requested_decision: str,
    risk: Risk | None = None,
    subject: str = "",
    division: Any = None,
) -> Escalation:
    """Escalate a risk, incident or issue to CMT via the SIRO."""
    with transaction.atomic():
        escalation = Escalation(
            risk=risk,
            subject=subject,
            summary=summary,
            requested_decision=requested_decision,
            division=division if division is not None else (risk.division if risk else None),
            raised_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            raised_on=timezone.localdate(),
        )
        escalation.full_clean(exclude=["raised_by"])
        escalation.save()
        record_event(acting_user, escalation, "escalated", f"Escalated to the SIRO: {summary}")
        if risk is not None:
            record_event(acting_user, risk, "escalated", "Escalated to CMT via the SIRO")
    return escalation


@business_action(allowed=is_siro, denied=SIRO_ONLY)
def accept_for_cmt(escalation: Escalation, *, acting_user: Any, note: str = "") -> Escalation:
    """The SIRO accepts the escalation for CMT."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status != EscalationStatus.RAISED:
        raise ValidationError(
            {
                "status": f"This escalation is {escalation.get_status_display().lower()}: "
                "only a raised escalation can be accepted."
            }
        )
    escalation.status = EscalationStatus.ACCEPTED
    escalation.siro_note = note
    escalation.siro_decided_on = timezone.localdate()
    escalation.save()
    record_event(
        acting_user,
        escalation,
        "accepted",
        "Accepted for CMT by the SIRO" + (f": {note}" if note else ""),
    )
    return escalation


@business_action(allowed=is_siro, denied=SIRO_ONLY)
def return_escalation(escalation: Escalation, *, acting_user: Any, note: str) -> Escalation:
    """The SIRO returns the escalation with a note."""
    if not note.strip():
        raise ValidationError({"note": "Say why the escalation is returned."})
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status != EscalationStatus.RAISED:
        raise ValidationError({"status": "Only a raised escalation can be returned."})
    escalation.status = EscalationStatus.RETURNED
    escalation.siro_note = note
    escalation.siro_decided_on = timezone.localdate()
    escalation.save()
    record_event(acting_user, escalation, "returned", f"Returned by the SIRO: {note}")
    return escalation


@business_action(
    allowed=may_record_decision,
    denied="Only the SIRO or the IG manager records CMT decisions.",
)
def record_decision(
    escalation: Escalation, *, acting_user: Any, decision: str, decided_on: date | None = None
) -> Escalation:
    """Record the CMT decision (by the SIRO or the IG manager)."""
    if not decision.strip():
        raise ValidationError({"decision": "Enter the decision CMT made."})
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status != EscalationStatus.ACCEPTED:
        raise ValidationError({"status": "CMT decides escalations the SIRO has accepted for CMT."})
    escalation.status = EscalationStatus.DECIDED
    escalation.cmt_decision = decision
    escalation.cmt_decided_on = decided_on or timezone.localdate()
    escalation.save()
    record_event(acting_user, escalation, "decided", f"CMT decided: {decision}")
    return escalation


def escalations_for_cmt(start: date | None = None, end: date | None = None) -> QuerySet[Any]:
    """Escalations for the CMT report: accepted for CMT, or decided in the period."""
    queryset = Escalation.objects.filter(
        status__in=[EscalationStatus.ACCEPTED, EscalationStatus.DECIDED]
    ).select_related("risk", "division")
    if start is not None:
        queryset = queryset.filter(raised_on__gte=start)
    if end is not None:
        queryset = queryset.filter(raised_on__lte=end)
    return queryset


def delete_band(band: RiskBand, *, acting_user: Any) -> None:
    """Delete a band; the band starting at 1 stays while others exist (no gap)."""
    with transaction.atomic():
        if band.min_score == 1 and RiskBand.objects.exclude(pk=band.pk).exists():
            raise ValidationError(
                {
                    "min_score": "The band starting at 1 cannot be deleted while other bands "
                    "exist: scores below the next band would fall in no band."
                }
            )
        band.delete()
