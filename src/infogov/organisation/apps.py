from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class OrganisationConfig(AppConfig):
    name = "infogov.organisation"
    label = "organisation"
    verbose_name = "Organisation"
    nav = (("Organisation", "organisation:division_list", "organisation.Division"),)
    sections = (
        ("Divisions", "organisation:division_list", "organisation.Division"),
        ("Services", "organisation:service_list", "organisation.Service"),
        ("People", "organisation:person_list", "organisation.Person"),
        ("Roles", "organisation:roleassignment_list", "organisation.RoleAssignment"),
        ("Groups", "organisation:group_list", "organisation.Group"),
        ("Memberships", "organisation:membership_list", "organisation.Membership"),
        ("Roles and responsibilities", "organisation:roles_page", None),
        ("Role descriptions", "organisation:roledescription_list", "organisation.RoleDescription"),
        ("Acknowledgements", "organisation:acknowledgement_list", "organisation.Acknowledgement"),
        ("Council", "organisation:council", "organisation.Council"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.organisation.dashboard import panels

        return panels(request)
