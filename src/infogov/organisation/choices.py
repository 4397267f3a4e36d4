"""Choice lists for the organisation."""

from django.db import models

from infogov.core.roles import Role

__all__ = ["GroupKind", "MembershipRole", "PersonKind", "Role"]


class PersonKind(models.TextChoices):
    STAFF = "staff", "Staff"
    ELECTED_MEMBER = "elected_member", "Elected member"
    CO_OPTED = "co_opted", "Co-opted expert"
    EXTERNAL = "external", "External contact"


class GroupKind(models.TextChoices):
    IMG = "img", "Information Management Group (main)"
    DIMG = "dimg", "Divisional Information Management Group"
    OTHER = "other", "Other group"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"
    DEPUTY = "deputy", "Deputy"
    CO_OPTED = "co_opted", "Co-opted member"
    SIRO_IN_ATTENDANCE = "siro_in_attendance", "SIRO in attendance"
    SECRETARY = "secretary", "Secretary"
