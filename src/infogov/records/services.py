"""Records business actions: legal holds and disposal decisions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from infogov.core.models import record_event
from infogov.core.permissions import CHANGE, get_roles, is_ig_manager
from infogov.core.roles import Role
from infogov.core.services import business_action
from infogov.organisation.models import Council, Division, Person
from infogov.records.choices import DecisionOutcome, DestructionMethod, HoldingStatus
from infogov.records.models import (
    DisposalBatch,
    DisposalDecision,
    LegalHold,
    RecordHolding,
)

OUTCOME_STATUS = {
    DecisionOutcome.DESTROY: HoldingStatus.DESTROYED,
    DecisionOutcome.TRANSFER: HoldingStatus.TRANSFERRED,
    DecisionOutcome.RETAIN: HoldingStatus.RETAINED,
}


def acting_person(user: Any) -> Person | None:
    roles = get_roles(user)
    if roles.person_id is None:
        return None
    return Person.objects.filter(pk=roles.person_id).first()


def may_authorise_disposal(user: Any, division_id: int) -> bool:
    """The IG manager, or the information officer of the records' division."""
    if is_ig_manager(user):
        return True
    return division_id in get_roles(user).divisions(Role.INFORMATION_OFFICER)


def place_hold(hold: LegalHold, *, acting_user: Any) -> LegalHold:
    with transaction.atomic():
        hold.placed_by = acting_person(acting_user)
        hold.full_clean()
        hold.save()
        record_event(acting_user, hold.holding, "legal hold placed", hold.reason[:200])
    return hold


def may_release_hold(user: Any, hold: LegalHold) -> bool:
    return LegalHold.policy.allows(user, CHANGE, hold)


@business_action(allowed=may_release_hold, denied="You may not release this legal hold.")
def release_hold(
    hold: LegalHold, *, acting_user: Any, release_reason: str, on: date | None = None
) -> LegalHold:
    """Release a legal hold, saying why: the records may be disposed of again when due."""
    if not hold.is_active:
        raise ValidationError({"release_reason": "This hold has already been released."})
    if not release_reason.strip():
        raise ValidationError({"release_reason": "Say why the hold can be released."})
    hold.released_on = on or timezone.localdate()
    hold.released_by = acting_person(acting_user)
    hold.release_reason = release_reason.strip()[:300]
    hold.save()
    record_event(acting_user, hold.holding, "legal hold released", release_reason[:200])
    return hold


def record_disposal(
    division: Division,
    holdings: Iterable[RecordHolding],
    outcome: str,
    *,
    acting_user: Any,
    method: str = DestructionMethod.NOT_APPLICABLE,
    witness: str = "",
    notes: str = "",
    on: date | None = None,
) -> DisposalBatch:
    """Record a disposal decision for due holdings of one division.

    Only an authorised person (IG manager, or the division's information officer) may
    decide; a holding under an active legal hold, not yet due, or already disposed of
    is refused, and nothing is recorded.
    """
    day = on or timezone.localdate()
    if not may_authorise_disposal(acting_user, division.pk):
        raise PermissionDenied(
            "Only the IG manager or the division's information officer may authorise disposal."
        )
    person = acting_person(acting_user)
    if person is None:
        raise PermissionDenied("A disposal decision must be recorded by a named person.")
    chosen = list(
        RecordHolding.objects.filter(pk__in=[h.pk for h in holdings])
        .select_related("retention_rule")
        .with_hold_flag()
    )
    if not chosen:
        raise ValidationError({"holdings": "Choose at least one holding."})
    problems: list[str] = []
    for holding in chosen:
        if holding.division_id != division.pk:
            problems.append(f"{holding}: belongs to another division.")
        elif holding.status != HoldingStatus.HELD:
            problems.append(f"{holding}: already {holding.get_status_display().lower()}.")
        elif holding.on_hold:
            problems.append(f"{holding}: a legal hold stops its disposal.")
        elif holding.due_date is None or holding.due_date > day:
            problems.append(f"{holding}: not due for disposal yet.")
    if outcome == DecisionOutcome.DESTROY and method == DestructionMethod.NOT_APPLICABLE:
        problems.append("Say how the records are destroyed.")
    if problems:
        raise ValidationError({"holdings": problems})
    with transaction.atomic():
        # Re-check the holds inside the transaction: a hold placed meanwhile wins.
        if (
            LegalHold.objects.filter(holding__in=chosen, released_on__isnull=True)
            .select_for_update()
            .exists()
        ):
            raise ValidationError({"holdings": ["A legal hold was placed meanwhile."]})
        batch = DisposalBatch.objects.create(
            division=division,
            decided_by=person,
            decided_on=day,
            outcome=outcome,
            method=method,
            witness=witness,
            notes=notes,
        )
        new_status = OUTCOME_STATUS[DecisionOutcome(outcome)]
        for holding in chosen:
            DisposalDecision.objects.create(
                batch=batch,
                holding=holding,
                retention_code=holding.retention_rule.code,
                due_date=holding.due_date,
            )
            holding.status = new_status
            holding.disposed_on = day if new_status != HoldingStatus.RETAINED else None
            holding.save(update_fields=["status", "disposed_on", "updated_at"])
        record_event(
            acting_user,
            batch,
            "disposal recorded",
            f"{batch.get_outcome_display()}: {len(chosen)} holding(s) of {division}",
            holdings=[h.pk for h in chosen],
        )
    return batch


def certificate_pdf(batch: DisposalBatch) -> bytes:
    """The certificate of destruction (or transfer) as PDF, through WeasyPrint."""
    from infogov.core.documents import pdf_from_html

    html = render_to_string(
        "records/certificate.html",
        {
            "batch": batch,
            "council": Council.current(),
            "decisions": batch.decisions.select_related("holding", "holding__retention_rule"),
        },
    )
    return pdf_from_html(html)
