"""Sign-in extras: two-factor verification and authenticator set-up."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from infogov.core.models import record_event


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
    user: Any = request.user
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
