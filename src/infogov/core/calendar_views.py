"""Calendar feed pages and endpoints.

- `GET /calendar/<key>.ics`: the feed itself, for a calendar client (no sign-in: the key
  is the credential). Anything but a live key answers the same 404.
- `/accounts/calendar/`: a person's own feed address (issue, regenerate, revoke), their
  weekly digest choice and, for the IG manager, the IMG group feed.
- `GET|POST|DELETE /api/auth/calendar/` and `/api/auth/calendar/img/`: the same for scripts.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from infogov.core.calendar import LONDON, group_events, person_events, to_ical
from infogov.core.feeds import (
    current_feed,
    feed_url,
    issue_feed,
    resolve_feed,
    revoke_feed,
    set_weekly_digest,
    wants_digest,
)
from infogov.core.models import CalendarFeed
from infogov.core.permissions import get_roles
from infogov.core.roles import Role

NOT_FOUND = "Not found.\n"


@require_GET
def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The iCalendar feed for a live key; the same plain 404 for every other key."""
    feed = resolve_feed(key)
    if feed is None or feed.user is None:
        return HttpResponse(NOT_FOUND, status=404, content_type="text/plain; charset=utf-8")
    now = timezone.now()
    today = now.astimezone(LONDON).date()
    if feed.group:
        events, name = group_events(today), "InfoGov: IMG"
    else:
        events, name = person_events(feed.user, today), "InfoGov: my deadlines"
    response = HttpResponse(
        to_ical(events, name=name, stamp=now), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="infogov.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _is_ig_manager(user: Any) -> bool:
    return get_roles(user).has_council_wide(Role.IG_MANAGER)


@login_required
def account_calendar(request: HttpRequest) -> HttpResponse:
    """Your calendar feed address, your weekly digest and (IG manager) the IMG feed."""
    user: Any = request.user
    manager = _is_ig_manager(user)
    new_url = ""
    new_group = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        group = request.POST.get("group", "")
        if group and group != CalendarFeed.GROUP_IMG:
            raise Http404
        if group and not manager:
            raise PermissionDenied
        if action == "issue":
            new_url, new_group = feed_url(issue_feed(acting_user=user, group=group)), group
        elif action == "revoke":
            if revoke_feed(acting_user=user, group=group):
                messages.success(request, "The feed address is revoked: it no longer works.")
            return HttpResponseRedirect(request.path)
        elif action == "digest":
            on = request.POST.get("weekly_digest") == "on"
            set_weekly_digest(acting_user=user, weekly_digest=on)
            messages.success(
                request,
                "You will receive the weekly digest."
                if on
                else "You will no longer receive the weekly digest.",
            )
            return HttpResponseRedirect(request.path)
        else:
            raise Http404
    return render(
        request,
        "registration/account_calendar.html",
        {
            "feed": current_feed(user),
            "img_feed": current_feed(user, group=CalendarFeed.GROUP_IMG) if manager else None,
            "manager": manager,
            "new_url": new_url,
            "new_group": new_group,
            "weekly_digest": wants_digest(user),
        },
    )


class CalendarFeedSerializer(serializers.Serializer):
    active = serializers.BooleanField()
    prefix = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)


def _describe(feed: CalendarFeed | None) -> dict[str, Any]:
    return {
        "active": feed is not None,
        "prefix": feed.prefix if feed else "",
        "created_at": feed.created_at if feed else None,
        "last_used_at": feed.last_used_at if feed else None,
    }


class CalendarFeedView(APIView):
    """`GET` your feed's state; `POST` issues (or regenerates) it and returns its address
    once; `DELETE` revokes it. Under `img/`, the IMG group feed (IG manager only)."""

    permission_classes = [permissions.IsAuthenticated]
    group = ""

    def _check(self, request: Request) -> None:
        if self.group and not _is_ig_manager(request.user):
            raise PermissionDenied("Only the IG manager manages the IMG calendar feed.")

    @extend_schema(responses={200: CalendarFeedSerializer})
    def get(self, request: Request) -> Response:
        self._check(request)
        return Response(
            CalendarFeedSerializer(_describe(current_feed(request.user, group=self.group))).data
        )

    @extend_schema(
        request=None,
        responses={200: inline_serializer("CalendarFeedIssued", {"url": serializers.URLField()})},
    )
    def post(self, request: Request) -> Response:
        self._check(request)
        return Response({"url": feed_url(issue_feed(acting_user=request.user, group=self.group))})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        self._check(request)
        if not revoke_feed(acting_user=request.user, group=self.group):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupCalendarFeedView(CalendarFeedView):
    group = CalendarFeed.GROUP_IMG


class DigestPreferenceSerializer(serializers.Serializer):
    weekly_digest = serializers.BooleanField()


class DigestPreferenceView(APIView):
    """`GET` or `PUT {"weekly_digest": false}`: your weekly digest e-mail choice."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: DigestPreferenceSerializer})
    def get(self, request: Request) -> Response:
        return Response({"weekly_digest": wants_digest(request.user)})

    @extend_schema(request=DigestPreferenceSerializer, responses={200: DigestPreferenceSerializer})
    def put(self, request: Request) -> Response:
        serializer = DigestPreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        set_weekly_digest(
            acting_user=request.user, weekly_digest=serializer.validated_data["weekly_digest"]
        )
        return Response({"weekly_digest": wants_digest(request.user)})
