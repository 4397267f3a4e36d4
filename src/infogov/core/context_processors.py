"""Template context shared by every page: council name, the person, navigation."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from infogov.core.permissions import VIEW


def council_name() -> str:
    if settings.INFOGOV_COUNCIL_NAME:
        return str(settings.INFOGOV_COUNCIL_NAME)
    council = apps.get_model("organisation", "Council").objects.order_by("pk").only("name").first()
    return council.name if council else "Your council"


def _links(request: HttpRequest, entries: Any, match_prefix: bool) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    path = request.path
    for label, url_name, model_label in entries:
        if model_label:
            model = apps.get_model(model_label)
            if model.policy.q(request.user, VIEW) is None:
                continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        if match_prefix:
            active = path.startswith("/" + url.strip("/").split("/")[0] + "/")
        else:
            active = path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """Module links from each app's `nav` (label, url name, model), shown when in scope."""
    items: list[dict[str, Any]] = []
    for config in apps.get_app_configs():
        items.extend(_links(request, getattr(config, "nav", ()), match_prefix=True))
    return items


def sections(request: HttpRequest) -> list[dict[str, Any]]:
    """The current module's sections (its app's `sections`), for the sub-navigation."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.app_name:
        return []
    try:
        config = apps.get_app_config(match.app_name)
    except LookupError:
        return []
    return _links(request, getattr(config, "sections", ()), match_prefix=False)


def infogov(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {"council_name": council_name(), "demo_mode": settings.DEMO}
    if user is not None and user.is_authenticated:
        person = apps.get_model("organisation", "Person").objects.filter(user=user).first()
        context["current_person"] = person
        context["current_person_name"] = person.full_name if person else str(user)
        context["nav_items"] = navigation(request)
        context["section_items"] = sections(request)
    return context
