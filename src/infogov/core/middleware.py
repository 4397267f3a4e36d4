"""Two-factor sign-in: people with an authenticator, or whose role requires one."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django_otp import user_has_device

from infogov.core.permissions import get_roles

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/brand.css", "/accessibility/")


def mfa_required_for(user: object) -> bool:
    """True when one of the user's roles requires two-factor sign-in."""
    roles = get_roles(user).all_roles
    if not roles:
        return False
    description = apps.get_model("organisation", "RoleDescription")
    return description.objects.filter(role__in=roles, mfa_required=True).exists()


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
