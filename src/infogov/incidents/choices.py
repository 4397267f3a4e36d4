"""Choices for incidents and near misses."""

from __future__ import annotations

from django.db import models


class IncidentType(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", "Confidentiality (disclosure or access)"
    INTEGRITY = "integrity", "Integrity (alteration)"
    AVAILABILITY = "availability", "Availability (loss or destruction)"


class IcoCategory(models.TextChoices):
    """How the ICO's data security incident trends group incident types."""

    NON_CYBER = "non_cyber", "Non-cyber"
    CYBER = "cyber", "Cyber"
    EITHER = "either", "Cyber or non-cyber"


class Status(models.TextChoices):
    REPORTED = "reported", "Reported"
    TRIAGED = "triaged", "Triaged"
    ASSESSED = "assessed", "Assessed"
    CLOSED = "closed", "Closed"


class Decision(models.TextChoices):
    REPORT = "report", "Report to the ICO"
    NOT_REPORT = "not_report", "Do not report to the ICO"


class NotificationMethod(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Telephone"
    IN_PERSON = "in_person", "In person"
    PUBLIC_NOTICE = "public_notice", "Public notice"


class OtherBody(models.TextChoices):
    POLICE_SCOTLAND = "police_scotland", "Police Scotland"
    CYBER_RESILIENCE_UNIT = "cyber_resilience_unit", "Scottish Government Cyber Resilience Unit"
    NCSC = "ncsc", "National Cyber Security Centre"
    CARE_INSPECTORATE = "care_inspectorate", "Care Inspectorate"
    CONTROLLER = "controller", "A data controller the council processes for"
    INSURER = "insurer", "The council's insurer"
    OTHER = "other", "Other"


SCALE_LABELS = {
    1: "1 (very low)",
    2: "2 (low)",
    3: "3 (medium)",
    4: "4 (high)",
    5: "5 (very high)",
}
SCALE_CHOICES = [(k, v) for k, v in SCALE_LABELS.items()]
