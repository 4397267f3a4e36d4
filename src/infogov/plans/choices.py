"""Choice lists for plans and performance."""

from django.db import models

from infogov.risks.choices import Heading

__all__ = [
    "ActionStatus",
    "AssessmentStatus",
    "ComputedBy",
    "Direction",
    "Frequency",
    "Heading",
    "ItemStatus",
    "PlanStatus",
    "Rag",
    "UpdateRequestStatus",
    "ValueSource",
]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    CLOSED = "closed", "Closed"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class Rag(models.TextChoices):
    GREEN = "green", "Green (on track)"
    AMBER = "amber", "Amber (at risk)"
    RED = "red", "Red (off track)"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"


class ComputedBy(models.TextChoices):
    MANUAL = "", "Entered by hand"
    SAR_ON_TIME = "sar_on_time", "SARs answered on time (%)"
    FOI_ON_TIME = "foi_on_time", "FOI requests answered on time (%)"
    INCIDENTS_24H = "incidents_24h", "Incidents reported within 24 hours of discovery (%)"
    TRAINING = "training_compliance", "Training compliance (%)"
    ASSETS_REVIEWED = "assets_reviewed", "Assets reviewed in the last 12 months (%)"
    IMG_ATTENDANCE = "img_attendance", "IMG meeting attendance (%)"


class ValueSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    COMPUTED = "computed", "Computed from live data"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class ItemStatus(models.TextChoices):
    NOT_ASSESSED = "", "Not assessed yet"
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# For comparing assessments: a higher rank is better.
ITEM_RANK: dict[str, int] = {ItemStatus.MET: 3, ItemStatus.PARTLY_MET: 2, ItemStatus.NOT_MET: 1}


class UpdateRequestStatus(models.TextChoices):
    OPEN = "open", "Awaiting the owner's update"
    ANSWERED = "answered", "Answered"
    CANCELLED = "cancelled", "Cancelled"
