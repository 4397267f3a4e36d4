"""Choices for the information asset register and its companions."""

from django.db import models


class Classification(models.TextChoices):
    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official_sensitive", "OFFICIAL-SENSITIVE"
    SECRET = "secret", "SECRET"
    TOP_SECRET = "top_secret", "TOP SECRET"


class AssetFormat(models.TextChoices):
    ELECTRONIC = "electronic", "Electronic"
    PAPER = "paper", "Paper"
    HYBRID = "hybrid", "Hybrid"


class Criticality(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class DPIAStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", "Not required"
    SCREENING = "screening", "Screening needed"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    REVIEW_DUE = "review_due", "Review due"


class ConditionKind(models.TextChoices):
    ART9 = "art9", "UK GDPR Art. 9(2)"
    SCH1 = "sch1", "DPA 2018 Schedule 1"


class AgreementKind(models.TextChoices):
    SHARING = "sharing", "Information sharing agreement"
    PROCESSOR = "processor", "Processor contract"
    JOINT = "joint", "Joint controller arrangement"
    DISCLOSURE = "disclosure", "One-off disclosure"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    UNDER_REVIEW = "under_review", "Under review"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class DPIAState(models.TextChoices):
    SCREENING = "screening", "Screening"
    NOT_REQUIRED = "not_required", "Not required after screening"
    IN_PROGRESS = "in_progress", "Assessment in progress"
    AWAITING_DPO = "awaiting_dpo", "Awaiting DPO advice"
    SIGNED_OFF = "signed_off", "Signed off"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Likelihood(models.IntegerChoices):
    REMOTE = 1, "Remote"
    POSSIBLE = 2, "Possible"
    PROBABLE = 3, "Probable"


class Severity(models.IntegerChoices):
    MINIMAL = 1, "Minimal"
    SIGNIFICANT = 2, "Significant"
    SEVERE = 3, "Severe"


# ICO "When do we need to do a DPIA?" screening criteria (UK GDPR Art. 35(3) and the
# ICO's list of processing likely to result in high risk).
SCREENING_QUESTIONS: list[tuple[str, str]] = [
    ("evaluation", "Evaluation or scoring, including profiling and predicting"),
    ("automated", "Automated decision-making with legal or similar significant effect"),
    ("monitoring", "Systematic monitoring, including of a publicly accessible area"),
    ("sensitive", "Special category, criminal offence or other highly personal data"),
    ("large_scale", "Data processed on a large scale"),
    ("matching", "Matching or combining datasets"),
    ("vulnerable", "Data concerning vulnerable data subjects, including children"),
    ("innovative", "Innovative use or new technological or organisational solutions"),
    ("prevents", "Processing that prevents people exercising a right or using a service"),
    ("invisible", "Processing where people have not been told (invisible processing)"),
]


class FieldType(models.TextChoices):
    TEXT = "text", "Text"
    INTEGER = "integer", "Whole number"
    DECIMAL = "decimal", "Decimal number"
    DATE = "date", "Date (YYYY-MM-DD)"
    EMAIL = "email", "E-mail address"
    UK_POSTCODE = "uk_postcode", "UK postcode"
    UPRN = "uprn", "UPRN (a whole number of up to 12 digits)"


class CheckState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
