"""Pages that belong to no model: home, accessibility statement, branding, health."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from infogov.core.permissions import get_roles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The home dashboard: each app may contribute panels for the person's roles.

    A panel is a dict with a `title` and any of `stats` ({value, label, url}), `items`
    ({label, url}), `text` and `table` ({caption, head: [text], rows: [[{text, url,
    numeric, tag}]], numeric: [column indexes]}); `order` puts it before others.
    """
    panels: list[dict[str, Any]] = []
    for config in apps.get_app_configs():
        provider = getattr(config, "dashboard_panels", None)
        if provider is not None:
            panels.extend(provider(request))
    # A panel may ask to come first (`order`, default 100): an elected member's KPIs.
    panels.sort(key=lambda panel: panel.get("order", 100))
    for panel in panels:
        # Templates read panel.items: a dict without the key would expose dict.items().
        for key in ("items", "stats", "text", "table"):
            panel.setdefault(key, "" if key in ("text", "table") else [])
    roles = get_roles(request.user)
    from infogov.core.roles import Role

    role_names = sorted(Role(r).label for r in roles.all_roles if r in Role.values)
    return render(request, "core/home.html", {"panels": panels, "role_names": role_names})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@cache_control(max_age=300)
def brand_css(request: HttpRequest) -> HttpResponse:
    colour = settings.INFOGOV_BRAND_COLOUR  # validated at start-up: #rrggbb
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    dark = "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (red, green, blue)))
    css = f":root {{ --infogov-brand: {colour}; --infogov-brand-dark: {dark}; }}\n"
    return HttpResponse(css, content_type="text/css")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: JSON under /api/ (scripts read it), the page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    import sys

    from infogov.core.middleware import busy_response, is_lock_error

    # A lock met outside a view (e.g. saving the session) is still "busy", not an error.
    exc = sys.exc_info()[1]
    if exc is not None and is_lock_error(exc):
        return busy_response(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error. Nothing was partly saved."}, status=500)
    from django.views.defaults import server_error as default_server_error

    return default_server_error(request)
