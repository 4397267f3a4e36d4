"""Two-factor sign-in: people with an authenticator, or whose role requires one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django_otp import user_has_device

from infogov.core.backends import DEMO_GROUP
from infogov.core.permissions import get_roles
from infogov.core.roles import Role

# Signing in, signing out, two-factor itself and password reset; every other page
# (password change and API token pages included) needs a verified session.
EXEMPT_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/mfa/",
    "/accounts/password/reset/",
    "/static/",
    "/healthz",
    "/brand.css",
    "/accessibility/",
)

# These roles require two-factor sign-in unless the IG manager's role description says
# otherwise (`RoleDescription.mfa_required`); every other role only when its description says so.
MFA_REQUIRED_BY_DEFAULT = frozenset({Role.IG_MANAGER, Role.DPO, Role.SIRO})


def role_requires_mfa(role: str) -> bool:
    """Whether holders of `role` must use two-factor sign-in."""
    description = apps.get_model("organisation", "RoleDescription")
    value = description.objects.filter(role=role).values_list("mfa_required", flat=True).first()
    return role in MFA_REQUIRED_BY_DEFAULT if value is None else bool(value)


def held_roles(user: Any) -> frozenset[str]:
    """The roles as assigned (a DPO is a DPO here, not the IG manager access it grants)."""
    assignment = apps.get_model("organisation", "RoleAssignment")
    assigned = (
        assignment.objects.current().filter(person__user_id=user.pk).values_list("role", flat=True)
    )
    return get_roles(user).all_roles | frozenset(assigned)


def mfa_required_for(user: Any) -> bool:
    """True when one of the user's roles requires two-factor sign-in.

    In demo mode (`INFOGOV_DEMO=1`) the demo sign-ins are let in with a password alone.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if settings.DEMO and user.groups.filter(name=DEMO_GROUP).exists():
        return False
    roles = held_roles(user)
    if not roles:
        return False
    description = apps.get_model("organisation", "RoleDescription")
    described = dict(description.objects.filter(role__in=roles).values_list("role", "mfa_required"))
    return any(described.get(role, role in MFA_REQUIRED_BY_DEFAULT) for role in roles)


class MfaRequiredMiddleware:
    """Sends a signed-in person to verify (or set up) their authenticator first.

    Token-authenticated API calls are not signed in at this point (token sign-in
    asks for the code itself); a browser session that has not verified gets 403.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()  # type: ignore[attr-defined, union-attr]
        ):
            needs = user_has_device(user) or mfa_required_for(user)
            if needs and request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Two-factor sign-in is required: sign in through the web first."},
                    status=403,
                )
            if request.path.startswith("/api/"):
                return self.get_response(request)
            if user_has_device(user):
                return HttpResponseRedirect(f"{reverse('mfa_verify')}?next={request.path}")
            if mfa_required_for(user):
                return HttpResponseRedirect(reverse("mfa_setup"))
        return self.get_response(request)


RETRY_AFTER_SECONDS = 5


def is_lock_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (or a shared-cache table lock)."""
    from django.db import OperationalError

    return isinstance(exc, OperationalError) and "is locked" in str(exc)


class DatabaseBusyMiddleware:
    """Answers 503 with `Retry-After` when the database stays locked past its timeout.

    SQLite lets one writer at a time; another waits up to the connection's timeout
    (`INFOGOV_SQLITE_TIMEOUT_SECONDS`). A request still waiting then is refused with a
    retry hint instead of a server error; nothing it tried to write was saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_lock_error(exception) else None


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with `Retry-After`: JSON under `/api/`, a page otherwise."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": "The database is busy with another change. Nothing was saved: "
                f"try again in {RETRY_AFTER_SECONDS} seconds."
            },
            status=503,
        )
    else:
        from django.shortcuts import render

        try:
            response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
        except Exception as exc:  # the page's own reads met the lock too
            if not is_lock_error(exc):
                raise
            response = HttpResponse(
                "The service is busy. Nothing was saved: try again in a few seconds.",
                content_type="text/plain; charset=utf-8",
                status=503,
            )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
