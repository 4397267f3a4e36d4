"""Template context shared by every page: council name, the person, navigation."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from infogov.core.permissions import VIEW, get_roles


def council_name() -> str:
    if settings.INFOGOV_COUNCIL_NAME:
        return str(settings.INFOGOV_COUNCIL_NAME)
    council = apps.get_model("organisation", "Council").objects.order_by("pk").only("name").first()
    return council.name if council else "Your council"


def sees_records(user: Any, model: Any) -> bool:
    """Whether a list of `model` can show `user` anything, by its Policy: their roles give
    them a view (council-wide, in a division they hold a role for, or every signed-in
    person), or they are linked to records through the policy's `own_path` (one cheap
    query, asked only of people who have no view by role)."""
    policy = model.policy
    roles = get_roles(user)
    if not roles.authenticated:
        return False
    if roles.is_superuser or roles.has_council_wide(*policy.council_wide[VIEW]):
        return True
    if policy.signed_in_view:
        return True
    if policy.division_path and roles.divisions(*policy.in_division[VIEW]):
        return True
    if policy.own_path and VIEW in policy.own_actions and roles.person_id:
        return bool(model._default_manager.filter(**{policy.own_path: roles.person_id}).exists())
    return False


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _active(path: str, url: str, match_prefix: bool) -> bool:
    if match_prefix:
        return path.startswith("/" + url.strip("/").split("/")[0] + "/")
    return path.startswith(url)


def _links(request: HttpRequest, entries: Any, match_prefix: bool) -> list[dict[str, Any]]:
    """The entries whose page can show the user something (`sees_records`)."""
    items: list[dict[str, Any]] = []
    for label, url_name, model_label in entries:
        if model_label and not sees_records(request.user, apps.get_model(model_label)):
            continue
        url = _url(url_name)
        if url is None:
            continue
        items.append(
            {"label": label, "url": url, "active": _active(request.path, url, match_prefix)}
        )
    return items


def _module(request: HttpRequest, config: Any, entry: Any) -> dict[str, Any] | None:
    """A module's navigation link, or None when the module has nothing for the user.

    A module is offered when its list can show the user something, or when they may add
    to it (anyone may report an incident); in the second case the link goes to the first
    of the module's sections they can use (the report form), not to a list that would
    always be empty for them.
    """
    label, url_name, model_label = entry
    user = request.user
    url = None
    if not model_label or sees_records(user, apps.get_model(model_label)):
        url = _url(url_name)
    elif apps.get_model(model_label).policy.can_add(user):
        usable = _links(request, getattr(config, "sections", ()), match_prefix=False)
        url = usable[0]["url"] if usable else None
    if url is None:
        return None
    # Active for every page of the module's app, whichever section the link goes to.
    home = _url(url_name) or url
    return {"label": label, "url": url, "active": _active(request.path, home, True)}


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """Module links from each app's `nav` (label, url name, model): only the modules the
    user can use, derived from each model's Policy (see `_module`)."""
    items: list[dict[str, Any]] = []
    for config in apps.get_app_configs():
        for entry in getattr(config, "nav", ()):
            item = _module(request, config, entry)
            if item is not None:
                items.append(item)
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
