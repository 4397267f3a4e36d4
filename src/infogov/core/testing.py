"""Shared test contracts (ARCHITECTURE convention 7).

Subclass `CrudContract` once per model with a few attributes; pytest then runs the
same UI and API checks for every model: list/detail/history pages, create with
exactly one history entry, 403 without permission, 404 outside scope, field errors
for bad input, and a constant query count whatever the number of rows.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


class CrudContract:
    model: ClassVar[Any]
    api_url: ClassVar[str]
    # The people attribute (see conftest.People) who may add / who may view but not add.
    manager: ClassVar[str] = "ig_manager"
    denied: ClassVar[str | None] = "staff"
    # A person who must not see records of `make(people)` at all (404), if any.
    outsider: ClassVar[str | None] = None
    # A field the API must reject with a field error, and the bad value.
    bad_field: ClassVar[tuple[str, Any] | None] = None
    list_ui: ClassVar[bool] = True
    add_ui: ClassVar[bool] = True
    add_api: ClassVar[bool] = True

    # --- to implement per model ---
    def make(self, people: Any) -> Any:
        raise NotImplementedError

    def form_data(self, people: Any) -> dict[str, Any]:
        raise NotImplementedError

    def api_data(self, people: Any) -> dict[str, Any]:
        return self.form_data(people)

    # --- helpers ---
    def url(self, view: str, *args: Any) -> str:
        meta = self.model._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_{view}", args=args)

    def history_count(self, obj: Any) -> int:
        return int(obj.history.count())

    # --- the contract ---
    def test_list_detail_and_history_pages_show_the_record(
        self, people: Any, client_as: Any
    ) -> None:
        obj = self.make(people)
        client = client_as(getattr(people, self.manager))
        if self.list_ui:
            response = client.get(self.url("list"))
            assert response.status_code == 200
            assert f'href="{obj.get_absolute_url()}"' in response.content.decode()
        assert client.get(self.url("detail", obj.pk)).status_code == 200
        assert client.get(self.url("history", obj.pk)).status_code == 200

    def test_add_through_the_form_records_one_history_entry(
        self, people: Any, client_as: Any
    ) -> None:
        if not self.add_ui:
            return
        client = client_as(getattr(people, self.manager))
        before = set(self.model._default_manager.values_list("pk", flat=True))
        response = client.post(self.url("add"), self.form_data(people))
        assert response.status_code == 302, response.content.decode()[:3000]
        created = self.model._default_manager.exclude(pk__in=before).get()
        assert self.history_count(created) == 1

    def test_add_is_refused_without_permission(
        self, people: Any, client_as: Any, api_as: Any
    ) -> None:
        if self.denied is None:
            return
        user = getattr(people, self.denied)
        if self.add_ui:
            assert client_as(user).get(self.url("add")).status_code == 403
            assert client_as(user).post(self.url("add"), self.form_data(people)).status_code == 403
        if self.add_api:
            response = api_as(user).post(self.api_url, self.api_data(people), format="json")
            assert response.status_code == 403

    def test_edit_and_delete_are_refused_without_permission(
        self, people: Any, client_as: Any, api_as: Any
    ) -> None:
        if self.denied is None:
            return
        obj = self.make(people)
        user = getattr(people, self.denied)
        client = client_as(user)
        if client.get(self.url("detail", obj.pk)).status_code == 404:
            return  # outside the user's scope altogether: covered by the 404 test
        for view in ("edit", "delete"):
            try:
                url = self.url(view, obj.pk)
            except Exception:  # the model has no such page
                continue
            assert client.get(url).status_code == 403
            assert client.post(url, {}).status_code == 403
        api = api_as(user)
        assert api.patch(f"{self.api_url}{obj.pk}/", {}, format="json").status_code in {403, 405}
        assert api.delete(f"{self.api_url}{obj.pk}/").status_code in {403, 405}
        assert self.model._default_manager.filter(pk=obj.pk).exists()

    def test_out_of_scope_records_answer_404(
        self, people: Any, client_as: Any, api_as: Any
    ) -> None:
        if self.outsider is None:
            return
        obj = self.make(people)
        user = getattr(people, self.outsider)
        assert client_as(user).get(self.url("detail", obj.pk)).status_code == 404
        assert api_as(user).get(f"{self.api_url}{obj.pk}/").status_code == 404
        listing = api_as(user).get(self.api_url).json()
        assert obj.pk not in [row["id"] for row in listing["results"]]

    def test_api_list_is_paginated_with_absolute_next(self, people: Any, api_as: Any) -> None:
        self.make(people)
        response = api_as(getattr(people, self.manager)).get(self.api_url, {"page_size": 1})
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        if body["count"] > 1:
            assert body["next"].startswith("http")

    def test_api_create_returns_201_and_records_history(self, people: Any, api_as: Any) -> None:
        if not self.add_api:
            return
        response = api_as(getattr(people, self.manager)).post(
            self.api_url, self.api_data(people), format="json"
        )
        assert response.status_code == 201, response.content
        created = self.model._default_manager.get(pk=response.json()["id"])
        assert self.history_count(created) == 1

    def test_api_bad_input_names_the_field(self, people: Any, api_as: Any) -> None:
        if self.bad_field is None or not self.add_api:
            return
        name, value = self.bad_field
        data = {**self.api_data(people), name: value}
        before = self.model._default_manager.count()
        response = api_as(getattr(people, self.manager)).post(self.api_url, data, format="json")
        assert response.status_code == 400
        assert name in response.json()
        assert self.model._default_manager.count() == before

    def test_list_query_count_does_not_grow_with_rows(
        self, people: Any, client_as: Any, api_as: Any
    ) -> None:
        user = getattr(people, self.manager)
        self.make(people)

        def count(fetch: Any) -> int:
            with CaptureQueriesContext(connection) as queries:
                assert fetch().status_code == 200
            return len(queries)

        client, api = client_as(user), api_as(user)
        if self.list_ui:
            client.get(self.url("list"))  # warm caches (content types, roles)
        api.get(self.api_url)
        ui_before = count(lambda: client.get(self.url("list"))) if self.list_ui else 0
        api_before = count(lambda: api.get(self.api_url))
        for _ in range(5):
            self.make(people)
        ui_after = count(lambda: client.get(self.url("list"))) if self.list_ui else 0
        api_after = count(lambda: api.get(self.api_url))
        assert ui_after == ui_before
        assert api_after == api_before
