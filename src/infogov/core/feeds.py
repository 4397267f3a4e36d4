"""Private calendar feed addresses: issue, regenerate, revoke, resolve; digest opt-out.

A feed's key is shown once, when it is issued; the database keeps its SHA-256 digest only
(as for API tokens, `infogov.core.tokens`). A person manages their own feed; the IG manager
manages the IMG group feed. An unknown, revoked or replaced key, or one whose owner is no
longer active, finds nothing, and the feed answers 404 without saying which.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from infogov.core.calendar import absolute
from infogov.core.models import CalendarFeed, DigestPreference, record_event
from infogov.core.permissions import get_roles
from infogov.core.roles import Role
from infogov.core.tokens import LAST_USED_RESOLUTION, digest


def feed_url(key: str) -> str:
    return absolute(reverse("calendar_feed", args=[key]))


def _check_group(acting_user: Any, group: str) -> None:
    if group != CalendarFeed.GROUP_IMG:
        raise PermissionDenied("Unknown group feed.")
    if not get_roles(acting_user).has_council_wide(Role.IG_MANAGER):
        raise PermissionDenied("Only the IG manager manages the IMG calendar feed.")


def current_feed(user: Any, *, group: str = "") -> CalendarFeed | None:
    if group:
        return CalendarFeed.objects.filter(group=group).first()
    return CalendarFeed.objects.filter(user=user, group="").first()


def issue_feed(*, acting_user: Any, group: str = "") -> str:
    """Create or regenerate a feed and return its key; any earlier key stops working."""
    if group:
        _check_group(acting_user, group)
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        existing = (
            CalendarFeed.objects.select_for_update().filter(group=group)
            if group
            else CalendarFeed.objects.select_for_update().filter(user=acting_user, group="")
        ).first()
        if existing is None:
            CalendarFeed.objects.create(
                user=acting_user, group=group, digest=digest(key), prefix=key[:8]
            )
            verb, what = "calendar_feed_issued", "issued"
        else:
            existing.digest, existing.prefix = digest(key), key[:8]
            existing.created_at, existing.last_used_at = timezone.now(), None
            existing.user = acting_user
            existing.save()
            verb, what = "calendar_feed_regenerated", "regenerated (the old address stops working)"
        label = "IMG calendar feed" if group else "Calendar feed"
        record_event(
            acting_user,
            acting_user,
            verb,
            f"{label} {key[:8]}… {what}",
            group=group,
            prefix=key[:8],
        )
    return key


def revoke_feed(*, acting_user: Any, group: str = "") -> bool:
    """Delete the feed: its address stops working. False when there was none."""
    if group:
        _check_group(acting_user, group)
    with transaction.atomic():
        feed = current_feed(acting_user, group=group)
        if feed is None:
            return False
        feed.delete()
        label = "IMG calendar feed" if group else "Calendar feed"
        record_event(
            acting_user,
            acting_user,
            "calendar_feed_revoked",
            f"{label} {feed.prefix}… revoked",
            group=group,
            prefix=feed.prefix,
        )
    return True


def resolve_feed(key: str) -> CalendarFeed | None:
    """The live feed for `key`, or None (unknown, revoked, replaced, owner inactive)."""
    feed = CalendarFeed.objects.select_related("user").filter(digest=digest(key)).first()
    if feed is None:
        return None
    if feed.group:
        if feed.user is None or not feed.user.is_active:
            return None
        if not get_roles(feed.user).has_council_wide(Role.IG_MANAGER):
            return None  # the manager who issued it no longer manages it
    elif feed.user is None or not feed.user.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed


def wants_digest(user: Any) -> bool:
    pref = DigestPreference.objects.filter(user=user).first()
    return pref is None or pref.weekly_digest


def set_weekly_digest(*, acting_user: Any, weekly_digest: bool) -> None:
    """Opt in to or out of one's own weekly digest e-mail."""
    with transaction.atomic():
        DigestPreference.objects.update_or_create(
            user=acting_user, defaults={"weekly_digest": weekly_digest}
        )
        record_event(
            acting_user,
            acting_user,
            "weekly_digest_changed",
            "Weekly digest " + ("switched on" if weekly_digest else "switched off"),
            weekly_digest=weekly_digest,
        )
