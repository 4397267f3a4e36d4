"""Walk every URL pattern as every demo role: no server errors, no unexpected access.

Model pages (`<app>:<model>_<view>`) are checked against the model's policy:
a detail page answers 200 exactly when the record is in the person's scope (else 404);
add/edit/delete answer 200 exactly when the policy allows it (else 403, or 404 when
the record is out of scope). Anonymous visitors are sent to sign in, except on the
public pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from infogov.core.demo import load_demo
from infogov.core.permissions import CHANGE, DELETE, VIEW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_mode")]


@pytest.fixture
def demo_mode(settings: Any) -> None:
    settings.DEMO = True  # demo sign-ins only work in demo mode


DEMO_USERS = [
    "ig.manager",
    "siro",
    "cr.officer",
    "ecs.officer",
    "cw.officer",
    "cr.iao",
    "caseworker",
    "staff.member",
    "councillor",
    "auditor",
]
# Pages anyone may open without signing in.
PUBLIC = {
    "login",
    "accessibility",
    "brand_css",
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "api-schema",
    "api-index",
    "api-docs",
    "api-token",
    "logout",
}
SKIP_PREFIXES = ("admin/", "static/", "media/")


@dataclass
class Page:
    name: str
    url: str
    model: Any = None
    view: str = ""
    obj: Any = None


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), namespace + entry.name, entry


def pages() -> list[Page]:
    found: list[Page] = []
    for route, name, _pattern in _walk(get_resolver()):
        if route.startswith(SKIP_PREFIXES) or "^" in route or "(?P<" in route:
            continue  # the admin, and DRF's regex routes (the API walk below)
        if route.startswith("api/") and name not in PUBLIC:
            continue
        path = "/" + route
        app, _, rest = name.partition(":")
        model = view = obj = None
        if rest and "_" in rest:
            model_name, _, view = rest.rpartition("_")
            try:
                model = apps.get_model(app, model_name)
            except LookupError:
                model = None
        if "<int:pk>" in path:
            if model is None:
                continue
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                continue
            path = path.replace("<int:pk>", str(obj.pk))
        if "<" in path:
            continue  # other converters (password-reset tokens) need real values
        found.append(Page(name=name, url=path, model=model, view=view or "", obj=obj))
    return found


def expected_statuses(page: Page, user: Any) -> set[int]:
    if page.model is None or not hasattr(page.model, "policy"):
        return {200, 302, 403, 404, 405}
    policy = page.model.policy
    visible = (
        page.obj is None
        or page.model._default_manager.restrict(user, VIEW).filter(pk=page.obj.pk).exists()
    )
    if page.view in {"detail", "history"}:
        return {200} if visible else {404}
    if page.view == "add":
        return {200} if policy.can_add(user) else {403}
    if page.view in {"edit", "delete"}:
        if not visible:
            return {404}
        action = CHANGE if page.view == "edit" else DELETE
        return {200} if policy.allows(user, action, page.obj) else {403}
    if page.view == "list":
        return {200}
    return {200, 302, 403, 404, 405}


def test_every_page_answers_every_role_as_its_policy_says() -> None:
    load_demo()
    all_pages = pages()
    assert len(all_pages) > 30
    problems: list[str] = []
    anonymous = Client()
    for page in all_pages:
        response = anonymous.get(page.url)
        if page.name in PUBLIC or page.name.endswith("public") or ":public" in page.name:
            if response.status_code >= 500:
                problems.append(f"anonymous {page.url}: {response.status_code}")
        elif response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            problems.append(f"anonymous {page.url}: {response.status_code}, not sent to sign in")
    for username in DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        for page in all_pages:
            response = client.get(page.url)
            expected = expected_statuses(page, user)
            if response.status_code >= 500 or response.status_code not in expected:
                problems.append(
                    f"{username} {page.url} ({page.name}): {response.status_code} "
                    f"{response.get('Location', '')}, "
                    f"expected {sorted(expected)}"
                )
    assert not problems, "\n".join(problems)


def test_every_api_endpoint_answers_every_role_without_error() -> None:
    from importlib import import_module
    from importlib.util import find_spec

    load_demo()
    endpoints: list[tuple[str, Any]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("infogov.") or not find_spec(f"{config.name}.api"):
            continue
        router = getattr(import_module(f"{config.name}.api"), "router", None)
        if router is None:
            continue
        for prefix, viewset, _basename in router.registry:
            base = f"/api/{config.label}/{prefix}/"
            model = viewset.queryset.model
            endpoints.append((base, None))
            obj = model._default_manager.order_by("pk").first()
            if obj is not None:
                endpoints.append((f"{base}{obj.pk}/", obj))
    assert endpoints
    problems: list[str] = []
    for url, _obj in endpoints:
        status = Client().get(url).status_code
        if status not in {401, 403}:
            problems.append(f"anonymous {url}: {status}")
    for username in DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        for url, obj in endpoints:
            response = client.get(url)
            if obj is not None:
                visible = type(obj)._default_manager.restrict(user, VIEW).filter(pk=obj.pk).exists()
                expected = {200} if visible else {404}
            else:
                expected = {200}
            if response.status_code not in expected:
                problems.append(f"{username} {url}: {response.status_code}, expected {expected}")
    assert not problems, "\n".join(problems)
