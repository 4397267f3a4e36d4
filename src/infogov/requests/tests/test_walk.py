"""Every requests page and API endpoint answers every demo role as the policy says."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern

from infogov.core.demo import DemoContext
from infogov.core.permissions import VIEW
from infogov.core.services import system_user
from infogov.core.tests.test_url_walk import DEMO_USERS, Page, expected_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any) -> None:
    from infogov.organisation import demo as organisation_demo
    from infogov.requests import demo as requests_demo

    settings.DEMO = True
    for module in (organisation_demo, requests_demo):
        module.load(
            DemoContext(anchor=date(2026, 11, 25), actor=system_user(), rng=random.Random("walk"))
        )


def request_pages() -> list[Page]:
    from infogov.requests.urls import urlpatterns

    found = []
    for entry in urlpatterns:
        assert isinstance(entry, URLPattern)
        name, path = f"requests:{entry.name}", "/requests/" + str(entry.pattern)
        model = view = obj = None
        rest = entry.name or ""
        if "_" in rest:
            model_name, _, view = rest.rpartition("_")
            try:
                model = apps.get_model("requests", model_name)
            except LookupError:
                model = None
        if "<int:pk>" in path:
            if model is None:  # an action page (events/add, sign-off): any non-error status
                model, view = apps.get_model("requests", rest.split("_")[0]), "action"
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                continue
            path = path.replace("<int:pk>", str(obj.pk))
        if "<" in path:
            continue  # other converters (a published document's number): tested by hand
        found.append(Page(name=name, url=path, model=model, view=view or "", obj=obj))
    return found


def test_every_requests_page_answers_every_role(demo: None) -> None:
    pages = request_pages()
    assert len(pages) > 15
    problems = []
    anonymous = Client()
    for page in pages:
        response = anonymous.get(page.url)
        if ":public" in page.name or page.name.endswith("_public"):
            if response.status_code >= 400 and page.name != "requests:public_done":
                problems.append(f"anonymous {page.url}: {response.status_code}")
        elif response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            problems.append(f"anonymous {page.url}: {response.status_code}")
    for username in DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        for page in pages:
            response = client.get(page.url)
            expected = expected_statuses(page, user)
            if response.status_code >= 500 or response.status_code not in expected:
                problems.append(f"{username} {page.url}: {response.status_code} {expected}")
    assert not problems, "\n".join(problems)


def test_every_requests_api_endpoint_answers_every_role(demo: None) -> None:
    from infogov.requests.api import router

    endpoints: list[tuple[str, Any]] = []
    for prefix, viewset, _basename in router.registry:
        base = f"/api/requests/{prefix}/"
        endpoints.append((base, None))
        obj = viewset.queryset.model._default_manager.order_by("pk").first()
        if obj is not None:
            endpoints.append((f"{base}{obj.pk}/", obj))
    problems = []
    for username in DEMO_USERS:
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        for url, obj in endpoints:
            response = client.get(url)
            expected = {200}
            if (
                obj is not None
                and not type(obj)._default_manager.restrict(user, VIEW).filter(pk=obj.pk).exists()
            ):
                expected = {404}
            if response.status_code not in expected:
                problems.append(f"{username} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)
