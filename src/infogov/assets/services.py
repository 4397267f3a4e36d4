"""Asset business actions: review, sign-off, the record of processing, data quality."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from infogov.assets.choices import DPIAState, RiskLevel
from infogov.assets.models import DPIA, InformationAsset, next_review_after
from infogov.core.models import record_event
from infogov.core.permissions import CHANGE, get_roles, is_ig_manager
from infogov.core.services import business_action
from infogov.organisation.models import Council, Person


def review_months() -> int:
    """How often assets are reviewed (PRODUCT §2.2: annual by default)."""
    return int(getattr(settings, "INFOGOV_ASSET_REVIEW_MONTHS", 12))


def may_import(user: Any) -> bool:
    """Whole-register imports change every division's assets: the IG manager only."""
    return is_ig_manager(user)


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
]


@dataclass
class RopaEntry:
    asset: InformationAsset
    cells: list[str]


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
                ],
            )
        )
    return entries


def ropa(assets: Any) -> tuple[Council | None, list[RopaEntry]]:
    """The whole record of processing for the assets given."""
    council, _controller, _dpo = controller_details()
    return council, ropa_entries(ropa_queryset(assets))


# --- data quality ---------------------------------------------------------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def run_quality_check(acting_user: Any, standard: Any, data: bytes, filename: str) -> Any:
    """Check an uploaded extract against the standard and keep the scores."""
    from infogov.assets.importing import ImportFailed, read_sheet
    from infogov.assets.models import QualityCheck
    from infogov.assets.quality import FieldRule, check_extract

    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": "The file is larger than 10 MB."})
    try:
        sheet = read_sheet(data, filename)
    except ImportFailed as exc:
        raise ValidationError({"file": [p.message for p in exc.problems]}) from None
    rules = [
        FieldRule(
            name=f.name,
            field_type=f.field_type,
            required=f.required,
            pattern=f.pattern,
            allowed=tuple(f.allowed),
            max_length=f.max_length,
        )
        for f in standard.fields.all()
    ]
    if not rules:
        raise ValidationError({"file": "The standard has no fields yet: add them first."})
    result = check_extract(sheet.headings, sheet.rows, rules, standard.key_fields)
    with transaction.atomic():
        check = QualityCheck.objects.create(
            standard=standard,
            asset=standard.asset,
            run_by=acting_person(acting_user),
            filename=filename[:200],
            row_count=result.row_count,
            completeness=result.completeness,
            validity=result.validity,
            uniqueness=result.uniqueness,
            error_count=result.error_count,
            errors=result.errors,
        )
        record_event(
            acting_user,
            check,
            "quality checked",
            f"{result.row_count} rows: completeness {result.completeness}%, "
            f"validity {result.validity}%, uniqueness {result.uniqueness}%",
        )
    return check
