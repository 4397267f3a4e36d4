"""Business actions for the organisation: each one function, one transaction, one event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from infogov.core.models import record_event
from infogov.core.permissions import forget_roles, get_roles
from infogov.core.roles import Role
from infogov.organisation.models import (
    Acknowledgement,
    Person,
    RoleAssignment,
    RolesPageVersion,
)


def grant_role(assignment: RoleAssignment, *, acting_user: Any) -> RoleAssignment:
    """Save a new role assignment and record that the role was granted."""
    with transaction.atomic():
        assignment.full_clean()
        assignment.save()
        where = f" for {assignment.division}" if assignment.division_id else ""
        record_event(
            acting_user,
            assignment,
            "role_granted",
            f"{assignment.get_role_display()}{where} granted to {assignment.person}",
            role=assignment.role,
            division=assignment.division_id,
            person=assignment.person_id,
        )
        record_event(
            acting_user,
            assignment.person,
            "role_granted",
            f"Granted {assignment.get_role_display()}{where}",
        )
    if assignment.person.user is not None:
        forget_roles(assignment.person.user)
    return assignment


def may_publish_roles_page(user: Any) -> bool:
    """The one rule for the page, the API and the service: the IG manager publishes."""
    return bool(get_roles(user).has(Role.IG_MANAGER))


def require_publisher(user: Any) -> None:
    if not may_publish_roles_page(user):
        raise PermissionDenied("Only the IG manager publishes the roles page.")


def publish_roles_page(
    *, acting_user: Any, introduction: str, change_note: str = ""
) -> RolesPageVersion:
    """Publish a new version of the roles page; role holders then acknowledge it."""
    require_publisher(acting_user)
    with transaction.atomic():
        current = RolesPageVersion.objects.select_for_update().order_by("-version").first()
        version = RolesPageVersion.objects.create(
            version=(current.version + 1) if current else 1,
            published_by=acting_user,
            introduction=introduction,
            change_note=change_note,
        )
        record_event(
            acting_user,
            version,
            "published",
            f"Published version {version.version}" + (f": {change_note}" if change_note else ""),
        )
    return version


def person_for(user: Any) -> Person:
    person = Person.objects.filter(user=user).first()
    if person is None:
        raise ValidationError("Your account is not linked to a person record.")
    return person


def acknowledge_roles_page(*, acting_user: Any) -> Acknowledgement:
    """The signed-in person confirms they have read the current roles page."""
    person = person_for(acting_user)
    with transaction.atomic():
        version = RolesPageVersion.current()
        if version is None:
            raise ValidationError("There is no published roles page to acknowledge yet.")
        existing = Acknowledgement.objects.filter(person=person, version=version).first()
        if existing is not None:
            return existing
        ack = Acknowledgement.objects.create(
            person=person, version=version, acknowledged_at=timezone.now()
        )
        record_event(
            acting_user,
            person,
            "acknowledged",
            f"Acknowledged the roles and responsibilities page, version {version.version}",
        )
    return ack


def role_holders() -> Any:
    """People who currently hold a role other than the baseline staff/member roles."""
    return Person.objects.filter(
        roles__in=RoleAssignment.objects.current().exclude(
            role__in=[Role.STAFF, Role.ELECTED_MEMBER]
        ),
        is_active=True,
    ).distinct()


def outstanding_acknowledgements(version: RolesPageVersion | None = None) -> Any:
    version = version or RolesPageVersion.current()
    if version is None:
        return Person.objects.none()
    return role_holders().exclude(acknowledgements__version=version)
