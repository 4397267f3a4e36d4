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
