"""The API's own pages: the endpoint index at /api/ and the documentation at /api/docs/."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_api_root_lists_every_modules_endpoints(client: Any) -> None:
    response = client.get("/api/")
    assert response.status_code == 200
    body = response.content.decode()
    for url in ("/api/incidents/incidents/", "/api/requests/cases/", "/api/assets/assets/"):
        assert f'href="{url}"' in body
    assert "/api/auth/token/" in body


def test_api_root_answers_json_to_clients_that_ask(client: Any) -> None:
    response = client.get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    modules = response.json()
    assert modules["incidents"]["incidents"].endswith("/api/incidents/incidents/")
    assert "risks" in modules and "plans" in modules


def test_api_docs_describe_each_operation_of_a_module_from_the_schema(client: Any) -> None:
    index = client.get("/api/docs/")
    assert index.status_code == 200
    assert 'href="/api/docs/incidents/"' in index.content.decode()
    page = client.get("/api/docs/incidents/")
    assert page.status_code == 200
    body = page.content.decode()
    # An operation, a query parameter, a request field and a response code.
    assert "/api/incidents/incidents/{id}/" in body
    assert "<code>division</code>" in body
    assert "<code>title</code>" in body
    assert "<strong>201</strong>" in body
    assert 'href="/api/incidents/incidents/?format=api"' in body


def test_api_docs_for_an_unknown_module_answer_404(client: Any) -> None:
    assert client.get("/api/docs/nonsense/").status_code == 404
