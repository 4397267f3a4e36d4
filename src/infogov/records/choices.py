"""Choices for the retention schedule, disposal and the Records Management Plan."""

from django.db import models


class DisposalAction(models.TextChoices):
    DESTROY = "destroy", "Destroy"
    REVIEW = "review", "Review"
    TRANSFER = "transfer", "Transfer to archive"


class HoldingStatus(models.TextChoices):
    HELD = "held", "Held"
    DESTROYED = "destroyed", "Destroyed"
    TRANSFERRED = "transferred", "Transferred to archive"
    RETAINED = "retained", "Retained after review"


class DecisionOutcome(models.TextChoices):
    DESTROY = "destroy", "Destroy"
    TRANSFER = "transfer", "Transfer to archive"
    RETAIN = "retain", "Retain for a further period"


class DestructionMethod(models.TextChoices):
    SHRED = "shred", "Confidential shredding"
    DELETE = "delete", "Secure deletion"
    PULP = "pulp", "Pulping by contractor"
    NOT_APPLICABLE = "n/a", "Not applicable"


class ElementStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    EVIDENCE_READY = "evidence_ready", "Evidence ready"
    SUBMITTED = "submitted", "Submitted to the Keeper"
    AGREED = "agreed", "Agreed by the Keeper"
    IMPROVEMENT = "improvement", "Agreed under improvement model"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    AGREED = "agreed", "Agreed"


# The Keeper of the Records of Scotland's Model Records Management Plan
# (Public Records (Scotland) Act 2011, s.1; Model Plan elements 1-15).
KEEPER_ELEMENTS: list[tuple[int, str, str]] = [
    (
        1,
        "Senior officer",
        "An individual at senior level has overall strategic "
        "responsibility for records management.",
    ),
    (
        2,
        "Records manager",
        "An individual is responsible for the day-to-day operation of records management.",
    ),
    (
        3,
        "Records management policy statement",
        "The authority's commitment to effective "
        "records management, endorsed by senior management.",
    ),
    (
        4,
        "Business classification",
        "A business classification scheme describing the "
        "authority's functions, activities and record series.",
    ),
    (
        5,
        "Retention schedules",
        "How long records are kept and what happens to them at the end of that time.",
    ),
    (
        6,
        "Destruction arrangements",
        "Secure and irreversible destruction of records, with evidence of destruction.",
    ),
    (
        7,
        "Archiving and transfer arrangements",
        "Records of enduring value are transferred to an appropriate archive.",
    ),
    (
        8,
        "Information security",
        "Procedures protecting records from unauthorised access, change or loss.",
    ),
    (
        9,
        "Data protection",
        "Compliance with data protection law for personal data held in records.",
    ),
    (
        10,
        "Business continuity and vital records",
        "Vital records are identified and protected so the authority can continue in an emergency.",
    ),
    (
        11,
        "Audit trail",
        "The location and movement of records can be tracked, with version control.",
    ),
    (
        12,
        "Records management training for staff",
        "Staff responsible for records have the competences and training they need.",
    ),
    (
        13,
        "Assessment and review",
        "The plan and its implementation are regularly reviewed and self-assessed.",
    ),
    (
        14,
        "Shared information",
        "Information shared with other bodies is governed by agreements and protocols.",
    ),
    (
        15,
        "Public records created or held by third parties",
        "Records created by contractors "
        "carrying out the authority's functions are managed under the plan.",
    ),
]
