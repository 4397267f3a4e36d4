"""Sign-in extras: two-factor verification and set-up, password reset limits, account security."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from infogov.core.models import ApiToken, record_event
from infogov.core.net import client_ip
from infogov.core.permissions import get_roles
from infogov.core.roles import Role
from infogov.core.tokens import revoke_token


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        help_text="The 6-digit code shown in the app.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["otp_token"].strip())
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_safe_next(request))
        form.add_error("otp_token", "That code is not right or has expired. Try the new code.")
    return render(
        request, "registration/mfa_verify.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app.

    Someone who already has one must pass two-factor sign-in first: otherwise a stolen
    password alone could enrol a new device. A lost device is removed by the IG manager
    (`reset_two_factor`), after which the person sets up a new one here.
    """
    user: Any = request.user
    if user_has_device(user) and not user.is_verified():
        return HttpResponseRedirect(f"{reverse('mfa_verify')}?next={reverse('mfa_setup')}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            with transaction.atomic():
                device.confirmed = True
                device.save()
                record_event(user, user, "mfa_enabled", "Set up an authenticator app")
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up.")
            return HttpResponseRedirect("/")
        form.add_error("otp_token", "That code is not right. Check the app and try again.")
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, title="QR code for your authenticator app")
    secret_b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "registration/mfa_setup.html",
        {"form": form, "qr": mark_safe(svg), "secret": secret_b32},  # noqa: S308 - segno output
    )


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Too many failed sign-ins (django-axes): JSON for the API, a page for people."""
    message = (
        "Too many failed sign-in attempts for this account from this address. "
        "Wait 15 minutes, or reset the password."
    )
    if request.path.startswith("/api/"):
        # Like any refused sign-in on the token endpoint: 400 with the reason.
        return JsonResponse({"non_field_errors": [message]}, status=400)
    return render(request, "registration/locked_out.html", status=403)


def is_account_manager(user: Any) -> bool:
    """The IG manager looks after other people's sign-in security."""
    return bool(get_roles(user).has_council_wide(Role.IG_MANAGER))


def reset_two_factor(person_user: Any, *, acting_user: Any) -> int:
    """Remove all of a person's authenticators (a lost phone), so they set up a new one.

    Only the IG manager may do this; the person's next sign-in asks for set-up again if
    their role requires two-factor sign-in.
    """
    with transaction.atomic():
        if not is_account_manager(acting_user):
            raise PermissionDenied("Only the IG manager may remove someone's authenticators.")
        removed = 0
        for device in list(devices_for_user(person_user, confirmed=None)):
            device.delete()
            removed += 1
        record_event(
            acting_user,
            person_user,
            "mfa_reset",
            f"Removed {removed} authenticator{'s' if removed != 1 else ''}; "
            "the person sets up a new one at their next sign-in",
            removed=removed,
        )
    return removed


@login_required
def account_security(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    """A person's API tokens and authenticators: their own, or anyone's for the IG manager."""
    acting: Any = request.user
    if user_id is None or user_id == acting.pk:
        owner: Any = acting
    else:
        if not is_account_manager(acting):
            raise PermissionDenied
        owner = get_object_or_404(get_user_model(), pk=user_id)
    own = owner.pk == acting.pk
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            token_id = request.POST.get("token", "")
            if not token_id.isdigit():
                raise Http404
            token = get_object_or_404(ApiToken, pk=int(token_id), user=owner)
            revoke_token(token, acting_user=acting)
            messages.success(request, f"API token {token.prefix}… is revoked.")
        elif action == "reset_mfa" and not own:
            removed = reset_two_factor(owner, acting_user=acting)
            messages.success(
                request, f"Removed {removed} authenticator{'s' if removed != 1 else ''}."
            )
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "registration/account_security.html",
        {
            "owner": owner,
            "own": own,
            "tokens": ApiToken.objects.filter(user=owner),
            "devices": list(devices_for_user(owner, confirmed=True)),
            "token_days": settings.INFOGOV_API_TOKEN_DAYS,
            "idle_days": settings.INFOGOV_API_TOKEN_IDLE_DAYS,
        },
    )


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Password reset, limited per client address and per e-mail address.

    Over a limit nothing is sent, yet the page answers exactly as for any address, so the
    limit does not tell anyone whether an account exists.
    """

    def form_valid(self, form: Any) -> HttpResponse:
        email = hashlib.sha256(form.cleaned_data["email"].strip().lower().encode()).hexdigest()
        hour = 60 * 60
        within = [
            _count(f"password-reset:address:{client_ip(self.request)}", hour)
            <= settings.INFOGOV_PASSWORD_RESET_PER_ADDRESS,
            _count(f"password-reset:email:{email}", hour)
            <= settings.INFOGOV_PASSWORD_RESET_PER_ACCOUNT,
        ]
        if all(within):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


def _count(key: str, window: int) -> int:
    """Add one to a counter that lives `window` seconds from its first use."""
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1
