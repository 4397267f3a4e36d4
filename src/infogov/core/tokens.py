"""API tokens: issued by `POST /api/auth/token/`, sent as `Authorization: Token <key>`.

A key is shown once, when it is issued; the database keeps only its SHA-256 digest, so a
copy of the database does not hold working keys. A token dies when it expires
(`INFOGOV_API_TOKEN_DAYS`), when it has not been used for `INFOGOV_API_TOKEN_IDLE_DAYS`,
when its owner's password changes, when the owner is deactivated, when a role that required
two-factor sign-in ends, and when the owner or the IG manager revokes it. A token issued
without an authenticator code stops working once two-factor sign-in becomes required.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from django_otp import user_has_device
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from infogov.core.middleware import mfa_required_for, role_requires_mfa
from infogov.core.models import ApiToken, record_event
from infogov.core.permissions import get_roles
from infogov.core.roles import Role

KEYWORD = "Token"
# Writing `last_used_at` on every call would turn each read into a write; once a minute will do.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def can_manage_tokens(acting_user: Any, owner: Any) -> bool:
    """The owner manages their own tokens; the IG manager manages everyone's."""
    return bool(
        acting_user.is_authenticated
        and (acting_user.pk == owner.pk or get_roles(acting_user).has_council_wide(Role.IG_MANAGER))
    )


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user")
    if get_roles(user).has_council_wide(Role.IG_MANAGER):
        return tokens
    return tokens.filter(user_id=user.pk)


def issue_token(user: Any, *, verified: bool, address: str = "") -> str:
    """Create a token for `user` and return its key (the only time the key exists)."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(
            user=user,
            digest=digest(key),
            prefix=key[:8],
            verified=verified,
            created_from=address[:45],
            expires_at=timezone.now() + timedelta(days=settings.INFOGOV_API_TOKEN_DAYS),
        )
        record_event(
            user,
            user,
            "api_token_issued",
            f"API token {key[:8]}… issued",
            prefix=key[:8],
            address=address[:45],
        )
    return key


def revoke_token(token: ApiToken, *, acting_user: Any) -> None:
    """Revoke one token: by its owner or by the IG manager."""
    with transaction.atomic():
        if not can_manage_tokens(acting_user, token.user):
            raise PermissionDenied("Only the token's owner or the IG manager may revoke it.")
        prefix = token.prefix
        token.delete()
        record_event(acting_user, token.user, "api_token_revoked", f"API token {prefix}… revoked")


def revoke_all_tokens(user: Any, *, reason: str, acting_user: Any = None) -> int:
    """Revoke every token of `user` (password change, deactivation, role ended)."""
    with transaction.atomic():
        count, _ = ApiToken.objects.filter(user_id=user.pk).delete()
        if count:
            record_event(
                acting_user,
                user,
                "api_tokens_revoked",
                f"{count} API token{'s' if count != 1 else ''} revoked: {reason}",
                reason=reason,
            )
    return int(count)


def expired(token: ApiToken, now: Any = None) -> bool:
    now = now or timezone.now()
    if token.expires_at <= now:
        return True
    idle_days = settings.INFOGOV_API_TOKEN_IDLE_DAYS
    if idle_days:
        last = token.last_used_at or token.created_at
        return last + timedelta(days=idle_days) <= now
    return False


class HashedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, looked up by digest, refused once expired or idle."""

    keyword = KEYWORD

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        now = timezone.now()
        if expired(token, now):
            token.delete()
            raise exceptions.AuthenticationFailed("Token has expired: request a new one.")
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if not token.verified and (user_has_device(user) or mfa_required_for(user)):
            raise exceptions.AuthenticationFailed(
                "Two-factor sign-in is now required: request a new token with your code."
            )
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return user, token


# Revocation on password change, deactivation and the end of a role that required MFA.


def _user_pre_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    # A new password passes through set_password (which keeps the raw one until saved); a hash
    # upgraded at sign-in (`check_password`) is not a new password and keeps the tokens.
    changed = getattr(instance, "_password", None) is not None or not instance.has_usable_password()
    if before["password"] != instance.password and changed:
        instance._infogov_revoke_tokens = "password changed"
    elif before["is_active"] and not instance.is_active:
        instance._infogov_revoke_tokens = "account deactivated"


def _user_post_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    reason = instance.__dict__.pop("_infogov_revoke_tokens", None)
    if reason:
        revoke_all_tokens(instance, reason=reason)


def _role_ended(assignment: Any) -> None:
    if not role_requires_mfa(assignment.role):
        return
    user = get_user_model().objects.filter(person__pk=assignment.person_id).first()
    if user is not None:
        revoke_all_tokens(user, reason=f"{assignment.get_role_display()} role ended")


def _assignment_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.ends_on is None:
        return
    if instance.ends_on < timezone.localdate():
        _role_ended(instance)


def _assignment_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _role_ended(instance)


def connect_signals() -> None:
    from django.apps import apps

    user_model = get_user_model()
    pre_save.connect(_user_pre_save, sender=user_model, dispatch_uid="infogov-token-user-pre")
    post_save.connect(_user_post_save, sender=user_model, dispatch_uid="infogov-token-user-post")
    assignment = apps.get_model("organisation", "RoleAssignment")
    post_save.connect(_assignment_saved, sender=assignment, dispatch_uid="infogov-token-role")
    post_delete.connect(
        _assignment_deleted, sender=assignment, dispatch_uid="infogov-token-role-del"
    )
