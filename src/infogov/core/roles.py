"""The roles of PRODUCT §1 and the governance posts, and what each grants.

A role assignment names one of `Role`; some are division-scoped. Governance posts
(DPO, chairs, deputies) grant the access of the role they act as.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    IG_MANAGER = "ig_manager", "IG manager"
    SIRO = "siro", "Senior Information Risk Owner (SIRO)"
    DPO = "dpo", "Data Protection Officer"
    IMG_CHAIR = "img_chair", "IMG chair"
    DIVISIONAL_CHAIR = "divisional_chair", "Divisional chair"
    INFORMATION_OFFICER = "information_officer", "Information officer"
    DEPUTY_INFORMATION_OFFICER = "deputy_information_officer", "Deputy information officer"
    IAO = "iao", "Information asset owner"
    CASEWORKER = "caseworker", "Caseworker"
    STAFF = "staff", "Staff member"
    ELECTED_MEMBER = "elected_member", "Elected member"
    AUDITOR = "auditor", "Auditor"


# Roles held for one division (PRODUCT §1: "in the divisions they hold them for").
DIVISION_SCOPED = frozenset(
    {
        Role.INFORMATION_OFFICER,
        Role.DEPUTY_INFORMATION_OFFICER,
        Role.IAO,
        Role.DIVISIONAL_CHAIR,
    }
)

# The access a post grants: the DPO is part of the IG team; a deputy acts for the officer.
GRANTS: dict[str, str | None] = {
    Role.IG_MANAGER: Role.IG_MANAGER,
    Role.DPO: Role.IG_MANAGER,
    Role.SIRO: Role.SIRO,
    Role.IMG_CHAIR: None,
    Role.DIVISIONAL_CHAIR: None,
    Role.INFORMATION_OFFICER: Role.INFORMATION_OFFICER,
    Role.DEPUTY_INFORMATION_OFFICER: Role.INFORMATION_OFFICER,
    Role.IAO: Role.IAO,
    Role.CASEWORKER: Role.CASEWORKER,
    Role.STAFF: Role.STAFF,
    Role.ELECTED_MEMBER: Role.ELECTED_MEMBER,
    Role.AUDITOR: Role.AUDITOR,
}

IG_TEAM = frozenset({Role.IG_MANAGER, Role.CASEWORKER, Role.SIRO})
READ_EVERYTHING = frozenset({Role.IG_MANAGER, Role.SIRO, Role.AUDITOR})
