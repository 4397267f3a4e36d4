"""Choices for the retention schedule and disposal."""

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
