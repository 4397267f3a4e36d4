"""Reminder jobs for the organisation."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse

from infogov.core.reminders import queue, reminder_job
from infogov.organisation.models import RolesPageVersion
from infogov.organisation.services import outstanding_acknowledgements


@reminder_job("roles-page-acknowledgement")
def roles_page_acknowledgement(now: datetime) -> int:
    """Ask each role holder, once per version, to acknowledge the roles page."""
    version = RolesPageVersion.current()
    if version is None:
        return 0
    url = settings.SITE_URL + reverse("organisation:roles_page")
    count = 0
    for person in outstanding_acknowledgements(version).only("id", "email", "first_name"):
        count += queue(
            f"roles-ack:{version.version}:{person.pk}",
            person.email,
            "Please read and acknowledge the IMG roles and responsibilities",
            f"Dear {person.first_name},\n\nVersion {version.version} of the information "
            f"management roles and responsibilities has been published. Please read it and "
            f"confirm you understand your role:\n\n{url}\n",
        )
    return count
