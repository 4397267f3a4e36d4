"""The organisation's panel on the home dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from infogov.core.permissions import get_roles
from infogov.core.roles import Role
from infogov.organisation.models import Acknowledgement, RolesPageVersion
from infogov.organisation.services import outstanding_acknowledgements


def panels(request: HttpRequest) -> list[dict[str, Any]]:
    roles = get_roles(request.user)
    version = RolesPageVersion.current()
    items: list[dict[str, Any]] = []
    if version is not None and roles.person_id:
        done = Acknowledgement.objects.filter(person_id=roles.person_id, version=version).exists()
        if not done:
            items.append(
                {
                    "label": f"Read and acknowledge the roles and responsibilities "
                    f"(version {version.version})",
                    "url": reverse("organisation:roles_page"),
                }
            )
    result: list[dict[str, Any]] = []
    if items:
        result.append({"title": "To do", "items": items})
    if version is not None and roles.has(Role.IG_MANAGER, Role.SIRO, Role.AUDITOR):
        outstanding = outstanding_acknowledgements(version).count()
        result.append(
            {
                "title": "Roles and responsibilities",
                "stats": [
                    {
                        "value": version.version,
                        "label": "Current version",
                        "url": reverse("organisation:roles_page"),
                    },
                    {
                        "value": outstanding,
                        "label": "Role holders yet to acknowledge",
                        "url": reverse("organisation:roles_page"),
                    },
                ],
            }
        )
    return result
