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
