"""Choice lists for the risk register."""

from django.db import models

# Risk score = likelihood x impact, both 1-5 (PRODUCT §4).
POSSIBLE_SCORES = frozenset(lk * im for lk in range(1, 6) for im in range(1, 6))


class Heading(models.TextChoices):
    """The five headings of the IMG remit's risk framework."""

    GOVERNANCE = "governance", "Data protection governance"
    TRAINING = "training", "Training and awareness"
    RECORDS = "records", "Records management"
    SECURITY = "security", "Security of personal data"
    REQUESTS = "requests", "Requests for personal data"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    TREATING = "treating", "Being treated"
    TOLERATED = "tolerated", "Tolerated"
    CLOSED = "closed", "Closed"


class Effectiveness(models.TextChoices):
    EFFECTIVE = "effective", "Effective"
    PARTLY = "partly", "Partly effective"
    INEFFECTIVE = "ineffective", "Ineffective"
    NOT_TESTED = "not_tested", "Not yet tested"


class BandColour(models.TextChoices):
    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    ORANGE = "orange", "Orange"
    RED = "red", "Red"


class EscalationStatus(models.TextChoices):
    RAISED = "raised", "Raised with the SIRO"
    ACCEPTED = "accepted_for_cmt", "Accepted for CMT"
    RETURNED = "returned", "Returned by the SIRO"
    DECIDED = "decided", "Decided by CMT"


class ScoreBasis(models.TextChoices):
    RESIDUAL = "residual", "Residual (after controls)"
    INHERENT = "inherent", "Inherent (before controls)"
