"""Shared business helpers: the system actor and acting-as for history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from simple_history.models import HistoricalRecords

SYSTEM_USERNAME = "infogov-system"


def system_user() -> Any:
    """The named actor that commands (import, demo, reminders) record changes against."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "InfoGov", "last_name": "system", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class _FakeRequest:
    def __init__(self, user: Any) -> None:
        self.user = user


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute history written outside a request (commands, jobs) to `user`."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = _FakeRequest(user)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if previous is None:
            del context.request  # type: ignore[attr-defined]
        else:
            context.request = previous  # type: ignore[attr-defined]
