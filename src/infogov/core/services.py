"""Shared business helpers: business actions, the system actor and acting-as for history."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
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


def is_system_user(user: Any) -> bool:
    return (
        getattr(user, "username", None) == SYSTEM_USERNAME
        and not getattr(user, "is_active", True)
        and bool(getattr(user, "pk", None))
    )


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


class BusinessAction:
    """A service function that changes governed data, with its permission check.

    `@business_action(allowed=..., denied=...)` wraps `fn(obj, *, acting_user, **data)`:
    a call checks `allowed(acting_user, obj)` (PermissionDenied otherwise) and runs the
    function in one `transaction.atomic`, so its audit event is written with the change.
    The web action page and the API action ask `allowed` before showing or validating
    anything, so the rule lives in one place.
    """

    def __init__(self, fn: Callable[..., Any], allowed: Callable[[Any, Any], bool], denied: str):
        self.fn = fn
        self.check = allowed
        self.denied = denied
        functools.update_wrapper(self, fn)

    def allowed(self, user: Any, obj: Any) -> bool:
        # Commands and jobs act as the system actor, who cannot sign in.
        if is_system_user(user):
            return True
        return bool(self.check(user, obj))

    def require(self, user: Any, obj: Any) -> None:
        if not self.allowed(user, obj):
            raise PermissionDenied(self.denied)

    def __call__(self, obj: Any, /, *, acting_user: Any, **data: Any) -> Any:
        self.require(acting_user, obj)
        with transaction.atomic():
            return self.fn(obj, acting_user=acting_user, **data)


def business_action(
    *, allowed: Callable[[Any, Any], bool], denied: str
) -> Callable[[Callable[..., Any]], BusinessAction]:
    def wrap(fn: Callable[..., Any]) -> BusinessAction:
        return BusinessAction(fn, allowed, denied)

    return wrap
