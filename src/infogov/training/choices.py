"""Choice lists for training and awareness."""

from __future__ import annotations

from django.db import models

from infogov.core.roles import Role


class Audience(models.TextChoices):
    ALL_STAFF = "all_staff", "All staff"
    MANAGERS = "managers", "Managers"
    ELECTED_MEMBERS = "elected_members", "Elected members"
    ROLE = "role", "A specialist role"


class Provider(models.TextChoices):
    E_LEARNING = "e_learning", "E-learning"
    CLASSROOM = "classroom", "Classroom"
    BRIEFING = "briefing", "Briefing"


class Source(models.TextChoices):
    ENTERED = "entered", "Entered"
    IMPORTED = "imported", "Imported from the learning system"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    INTRANET = "intranet", "Intranet"
    POSTERS = "posters", "Posters"
    BRIEFING = "briefing", "Team briefing"
    EVENT = "event", "Event or workshop"


class Status(models.TextChoices):
    """Where one person stands with one module on a day."""

    IN_DATE = "in_date", "In date"
    DUE_SOON = "due_soon", "Due soon"
    NOT_YET_DUE = "not_yet_due", "Not yet due"
    EXPIRED = "expired", "Expired"
    OVERDUE = "overdue", "Overdue"


# The specialist roles a module's audience may name (PRODUCT §1 roles held by people).
SPECIALIST_ROLES = [
    (Role.IAO.value, Role.IAO.label),
    (Role.CASEWORKER.value, Role.CASEWORKER.label),
    (Role.INFORMATION_OFFICER.value, Role.INFORMATION_OFFICER.label),
    (Role.DEPUTY_INFORMATION_OFFICER.value, Role.DEPUTY_INFORMATION_OFFICER.label),
    (Role.DIVISIONAL_CHAIR.value, Role.DIVISIONAL_CHAIR.label),
    (Role.IG_MANAGER.value, Role.IG_MANAGER.label),
    (Role.DPO.value, Role.DPO.label),
    (Role.SIRO.value, Role.SIRO.label),
]

# New starters are due within one month of their start date (PRODUCT §2.9).
NEW_STARTER_MONTHS = 1
# "Due soon": within this many days of the due date or of a completion's expiry.
DUE_SOON_DAYS = 30
# The answers of a survey question: a five-point agreement scale.
SCALE = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]
