"""Asset business actions: review, sign-off, the record of processing, data quality."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from infogov.assets.choices import CheckState, DPIAState, RiskLevel
from infogov.assets.models import DPIA, InformationAsset, next_review_after
from infogov.core.importing import may_import as may_import
from infogov.core.importing import read_sheet
from infogov.core.models import record_event
from infogov.core.permissions import CHANGE, get_roles
from infogov.core.services import business_action
from infogov.organisation.models import Council, Person

logger = logging.getLogger(__name__)


def review_months() -> int:
    """How often assets are reviewed (PRODUCT §2.2: annual by default)."""
    return int(getattr(settings, "INFOGOV_ASSET_REVIEW_MONTHS", 12))


def acting_person(user: Any) -> Person | None:
    roles = get_roles(user)
    return Person.objects.filter(pk=roles.person_id).first() if roles.person_id else None


@business_action(
    allowed=lambda user, asset: InformationAsset.policy.allows(user, CHANGE, asset),
    denied="You may not review this asset.",
)
def review_asset(
    asset: InformationAsset, *, acting_user: Any, on: date | None = None, note: str = ""
) -> InformationAsset:
    """The IAO (or officer) confirms the entry is right: last reviewed today, next in a year."""
    day = on or timezone.localdate()
    asset.last_reviewed = day
    asset.next_review = next_review_after(day, review_months())
    asset.save(update_fields=["last_reviewed", "next_review", "updated_at"])
    record_event(acting_user, asset, "reviewed", note or f"Reviewed on {day.isoformat()}")
    return asset


def default_next_review(asset: InformationAsset) -> None:
    if asset.next_review is None and asset.last_reviewed is not None:
        asset.next_review = next_review_after(asset.last_reviewed, review_months())


@business_action(
    allowed=lambda user, dpia: DPIA.policy.allows(user, CHANGE, dpia),
    denied="You may not sign off this DPIA.",
)
def sign_off_dpia(dpia: DPIA, *, acting_user: Any, on: date | None = None) -> DPIA:
    """Sign-off needs the DPO's advice and its outcome; high residual risk needs the ICO."""
    problems: dict[str, str] = {}
    if not dpia.dpo_advice.strip():
        problems["dpo_advice"] = "Record the DPO's advice before sign-off (Art. 35(2))."
    if dpia.dpo_advice_followed is None:
        problems["dpo_advice_followed"] = "Say whether the DPO's advice is followed."
    if not dpia.risks.exists():
        problems["risks"] = "Identify at least one risk and its measures."
    dpia.refresh_residual_risk()
    if dpia.residual_risk == RiskLevel.HIGH and dpia.ico_consulted_on is None:
        problems["ico_consulted_on"] = (
            "High residual risk remains: consult the ICO before processing (Art. 36(1)) and "
            "record the date of the consultation."
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        dpia.signed_off_by = acting_person(acting_user)
        dpia.signed_off_on = on or timezone.localdate()
        dpia.state = DPIAState.SIGNED_OFF
        dpia.save()
        record_event(
            acting_user,
            dpia,
            "signed off",
            f"Residual risk {dpia.get_residual_risk_display().lower()}",
        )
    return dpia


# --- record of processing activities (UK GDPR Art. 30(1)) ----------------------------

ROPA_HEADINGS = [
    "Processing activity (asset)",
    "Division",
    "Controller",
    "Data Protection Officer",
    "Purposes of the processing",
    "Lawful basis",
    "Special category condition",
    "Categories of data subjects",
    "Categories of personal data",
    "Categories of recipients",
    "Transfers to third countries",
    "Retention (time limits for erasure)",
    "Security measures",
    "Information asset owner",
    "Missing from the record",
]


@dataclass
class RopaEntry:
    asset: InformationAsset
    cells: list[str]
    # What a legacy asset, saved before the personal-data rule, still lacks.
    gaps: list[str]


def controller_details() -> tuple[Council | None, str, str]:
    """Art. 30(1)(a): the controller's name and contact details, and the DPO's."""
    council = Council.current()
    if council is None:
        return None, "", ""
    controller = "; ".join(x for x in (council.name, council.address, council.email) if x)
    return council, controller, council.dpo_contact


def ropa_queryset(assets: Any) -> Any:
    """The assets that hold personal data, ready for the record of processing."""
    return (
        assets.filter(personal_data=True)
        .select_related("division", "owner", "retention_rule")
        .prefetch_related(
            "lawful_bases",
            "special_category_conditions",
            "data_subjects",
            "personal_data_categories",
        )
        .order_by("division__name", "name")
    )


def ropa_entries(assets: Any) -> list[RopaEntry]:
    """One line per asset holding personal data, Art. 30(1)(a)-(g)."""
    _council, controller, dpo = controller_details()
    entries = []
    for asset in assets:
        gaps = asset.ropa_gaps()
        rule = asset.retention_rule
        retention = (
            f"{rule.code} {rule.record_series}: {rule.period_text} after "
            f"{rule.trigger}, then {rule.get_disposal_action_display().lower()}"
            if rule
            else "Not yet linked to the retention schedule"
        )
        security = asset.get_security_classification_display()
        if asset.security_measures:
            security += f". {asset.security_measures}"
        entries.append(
            RopaEntry(
                asset=asset,
                cells=[
                    asset.name,
                    str(asset.division),
                    controller,
                    dpo,
                    asset.purposes,
                    "; ".join(str(b) for b in asset.lawful_bases.all()),
                    "; ".join(str(c) for c in asset.special_category_conditions.all()),
                    "; ".join(s.name for s in asset.data_subjects.all()),
                    "; ".join(c.name for c in asset.personal_data_categories.all()),
                    asset.recipients,
                    asset.international_transfers or "None",
                    retention,
                    security,
                    str(asset.owner),
                    f"Incomplete: {' '.join(gaps)}" if gaps else "",
                ],
                gaps=gaps,
            )
        )
    return entries


def ropa(assets: Any) -> tuple[Council | None, list[RopaEntry]]:
    """The whole record of processing for the assets given."""
    council, _controller, _dpo = controller_details()
    return council, ropa_entries(ropa_queryset(assets))


# --- data quality ---------------------------------------------------------------------

# A check still "running" this long after it started was interrupted (the worker stopped):
# the job puts it back in the queue.
STALE_AFTER = timedelta(minutes=30)


def _rules(standard: Any) -> list[Any]:
    return [f.rule() for f in standard.fields.all()]


def _refusal(exc: Exception) -> ValidationError:
    """Why an extract cannot be checked, in words for the person who uploaded it."""
    from infogov.assets.quality import MissingColumns
    from infogov.core.importing import ImportFailed

    if isinstance(exc, ImportFailed):
        return ValidationError({"file": [p.message for p in exc.problems]})
    if isinstance(exc, MissingColumns):
        return ValidationError({"file": [str(exc)]})
    if isinstance(exc, ValidationError):
        return ValidationError({"file": exc.messages})
    logger.exception("Quality check failed unexpectedly")
    return ValidationError(
        {"file": ["The check stopped on an unexpected error; the administrator can see it."]}
    )


def may_check_extracts(user: Any, standard: Any) -> bool:
    """Who may upload an extract against a standard: whoever may add a check in the
    standard's asset's division (the page and the API ask this, through the service)."""
    from infogov.assets.models import QualityCheck

    policy = QualityCheck.policy
    if not policy.can_add(user):
        return False
    divisions = policy.add_division_ids(user)
    return divisions is None or standard.asset.division_id in divisions


@business_action(allowed=may_check_extracts, denied="You may not check extracts for this standard.")
def queue_quality_check(standard: Any, *, acting_user: Any, data: bytes, filename: str) -> Any:
    """Accept an extract for checking: refuse at once what cannot be checked (no fields, a
    file that is not an extract, a column the standard names missing from row 1), and
    queue the rest for the `quality-checks` job, which checks every row."""
    from infogov.assets.models import QualityCheck
    from infogov.assets.quality import MissingColumns, read_headings, require_columns
    from infogov.core.importing import ImportFailed
    from infogov.core.uploads import SPREADSHEETS, check_upload

    problem = check_upload(data, filename, SPREADSHEETS)
    if problem:
        raise ValidationError({"file": problem})
    rules = _rules(standard)
    if not rules:
        raise ValidationError({"file": "The standard has no fields yet: add them first."})
    try:
        require_columns(read_headings(data, filename), rules, standard.key_fields)
    except (ImportFailed, MissingColumns) as exc:
        raise _refusal(exc) from None
    check = QualityCheck.objects.create(
        standard=standard,
        asset=standard.asset,
        run_by=acting_person(acting_user),
        filename=filename[:200],
        extract=data,
    )
    record_event(acting_user, check, "quality check queued", f"{filename[:200]} uploaded")
    return check


def claim_next_check(now: datetime | None = None) -> Any:
    """Claim the oldest queued check with a conditional UPDATE (so two workers never run
    the same one); None when the queue is empty."""
    from infogov.assets.models import QualityCheck

    while True:
        candidate = (
            QualityCheck.objects.filter(state=CheckState.QUEUED)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        if candidate is None:
            return None
        started = now or timezone.now()
        claimed = QualityCheck.objects.filter(pk=candidate, state=CheckState.QUEUED).update(
            state=CheckState.RUNNING, started_at=started, rows_done=0, failure=""
        )
        if claimed:
            return QualityCheck.objects.select_related("standard", "run_by__user").get(pk=candidate)


def requeue_interrupted(now: datetime) -> int:
    """Checks left running by a stopped worker go back to the queue."""
    from infogov.assets.models import QualityCheck

    return QualityCheck.objects.filter(
        state=CheckState.RUNNING, started_at__lt=now - STALE_AFTER
    ).update(state=CheckState.QUEUED, started_at=None, rows_done=0)


def _report_progress(check: Any, done: int) -> None:
    check.update(rows_done=done)


def perform_quality_check(check: Any) -> Any:
    """Run a claimed (running) check: read the extract, check every row, keep the scores and
    every problem, or mark the check failed with the reason. Only the worker that claimed
    the check (its `started_at`) may finish it."""
    from infogov.assets.models import QualityCheck, QualityError
    from infogov.assets.quality import check_extract

    mine = QualityCheck.objects.filter(
        pk=check.pk, state=CheckState.RUNNING, started_at=check.started_at
    )
    actor = check.run_by.user if check.run_by is not None else None
    try:
        sheet = read_sheet(bytes(check.extract or b""), check.filename)
        rules = _rules(check.standard)
        if not rules:
            raise ValidationError("The standard has no fields: add them and check again.")
        mine.update(row_count=len(sheet.rows))
        result = check_extract(
            sheet.headings,
            sheet.rows,
            rules,
            check.standard.key_fields,
            progress=lambda done: _report_progress(mine, done),
        )
    except Exception as exc:
        reason = " ".join(_refusal(exc).messages)
        with transaction.atomic():
            if mine.update(
                state=CheckState.FAILED, failure=reason, finished_at=timezone.now(), extract=None
            ):
                record_event(actor, check, "quality check failed", reason)
        check.refresh_from_db()
        return check
    with transaction.atomic():
        finished = mine.update(
            state=CheckState.DONE,
            finished_at=timezone.now(),
            rows_done=result.row_count,
            row_count=result.row_count,
            completeness=result.completeness,
            validity=result.validity,
            uniqueness=result.uniqueness,
            error_count=result.error_count,
            extract=None,
        )
        if finished:
            QualityError.objects.filter(quality_check=check).delete()
            QualityError.objects.bulk_create(
                (QualityError(quality_check_id=check.pk, **p._asdict()) for p in result.errors),
                batch_size=5000,
            )
            record_event(
                actor,
                check,
                "quality checked",
                f"{result.row_count} rows: completeness {result.completeness}%, "
                f"validity {result.validity}%, uniqueness {result.uniqueness}%",
            )
    check.refresh_from_db()
    return check


def run_queued_checks(now: datetime | None = None) -> int:
    """Run every queued check, each exactly once; the number run."""
    requeue_interrupted(now or timezone.now())
    count = 0
    while (check := claim_next_check()) is not None:
        perform_quality_check(check)
        count += 1
    return count
