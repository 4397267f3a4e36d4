"""Shared test contracts (ARCHITECTURE convention 7).

Subclass `CrudContract` once per model with a few attributes; pytest then runs the
same UI and API checks for every model: list/detail/history pages, create with
exactly one history entry, edit and delete with and without permission and out of
scope, field errors for bad input, a constant query count whatever the number of rows,
and every declared business action (`actions`) through the page and the API as an
allowed, a forbidden and an out-of-scope user. A check that does not apply to a model
is skipped (`pytest.skip`), never passed silently.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from infogov.core.models import AuditEvent
from infogov.core.permissions import CHANGE, DELETE, VIEW


@dataclass(frozen=True)
class ContractAction:
    """One business action on a record, run by the contract through the UI and the API.

    The page is `<app>:<name>` (POST `form_data`), the API `POST <api_url><pk>/<api_path>/`
    (`api_data`, default `form_data`). `prepare` brings a fresh record to where the action
    applies; `state` names the fields that must end the same either way (or reads the
    state from the record, for state kept in related records).
    """

    name: str
    form_data: Callable[[Any, Any], dict[str, Any]]
    state: tuple[str, ...] | Callable[[Any], Any]
    api_data: Callable[[Any, Any], dict[str, Any]] | None = None
    api_path: str | None = None
    allowed: str = "ig_manager"
    forbidden: str | None = "staff"
    prepare: Callable[[Any, Any], None] | None = None
    api_status: int = 200  # 201 when the action answers with what it created
    # Audit events the action records: one, or one per record it changes (an owner's
    # update is recorded on the request and on the risk it is about).
    events: int = 1

    @property
    def path(self) -> str:
        return self.api_path or self.name.replace("_", "-")


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
    # The model's business actions, each run through the UI and the API.
    actions: ClassVar[Sequence[ContractAction]] = ()

    def pytest_generate_tests(self, metafunc: Any) -> None:
        if "contract_action" in metafunc.fixturenames:
            declared: list[ContractAction | None] = [*type(self).actions] or [None]
            metafunc.parametrize(
                "contract_action", declared, ids=[a.name if a else "none" for a in declared]
            )

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
            pytest.skip("added elsewhere than its own form")
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
            pytest.skip("everyone signed in may add")
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
            pytest.skip("no one who sees the record is refused")
        obj = self.make(people)
        user = getattr(people, self.denied)
        client = client_as(user)
        if client.get(self.url("detail", obj.pk)).status_code == 404:
            pytest.skip("the denied user does not see the record: the out-of-scope test")
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

    def test_edit_and_delete_with_permission(
        self, people: Any, client_as: Any, api_as: Any
    ) -> None:
        user = getattr(people, self.manager)
        policy = self.model.policy
        obj = self.make(people)
        client, api = client_as(user), api_as(user)
        may_change = policy.allows(user, CHANGE, obj)
        try:
            edit = self.url("edit", obj.pk)
        except NoReverseMatch:
            edit = None
        if edit:
            assert client.get(edit).status_code == (200 if may_change else 403)
        patched = api.patch(f"{self.api_url}{obj.pk}/", {}, format="json").status_code
        assert patched in ({200, 405} if may_change else {403, 405})
        if not policy.allows(user, DELETE, obj):
            with contextlib.suppress(NoReverseMatch):
                assert client.post(self.url("delete", obj.pk)).status_code == 403
            assert api.delete(f"{self.api_url}{obj.pk}/").status_code in {403, 405}
            assert self.model._default_manager.filter(pk=obj.pk).exists()
            return
        try:
            response = client.post(self.url("delete", obj.pk))
        except NoReverseMatch:
            response = None
        if response is not None:
            assert response.status_code == 302
            assert not self.model._default_manager.filter(pk=obj.pk).exists()
        other = self.make(people)
        deleted = api.delete(f"{self.api_url}{other.pk}/").status_code
        assert deleted in {204, 405}
        if deleted == 204:
            assert not self.model._default_manager.filter(pk=other.pk).exists()

    def test_outsider_is_declared_unless_council_wide(self, people: Any) -> None:
        if self.outsider is not None:
            outsider = getattr(people, self.outsider)
            obj = self.make(people)
            assert not self.model.policy.allows(outsider, VIEW, obj), "the outsider sees it"
            return
        obj = self.make(people)
        blind = [
            name
            for name, user in people.all().items()
            if not self.model.policy.allows(user, VIEW, obj)
        ]
        assert not blind, (
            f"{self.model.__name__} is not council-wide ({', '.join(blind)} may not see it): "
            "declare `outsider`"
        )

    def test_out_of_scope_records_answer_404(
        self, people: Any, client_as: Any, api_as: Any
    ) -> None:
        if self.outsider is None:
            pytest.skip("council-wide: everyone signed in sees every record")
        obj = self.make(people)
        user = getattr(people, self.outsider)
        assert client_as(user).get(self.url("detail", obj.pk)).status_code == 404
        assert api_as(user).get(f"{self.api_url}{obj.pk}/").status_code == 404
        listing = api_as(user).get(self.api_url).json()
        assert obj.pk not in [row["id"] for row in listing["results"]]

    def test_out_of_scope_records_cannot_be_edited_or_deleted(
        self, people: Any, client_as: Any, api_as: Any
    ) -> None:
        if self.outsider is None:
            pytest.skip("council-wide: everyone signed in sees every record")
        obj = self.make(people)
        user = getattr(people, self.outsider)
        client, api = client_as(user), api_as(user)
        for view in ("edit", "delete"):
            try:
                url = self.url(view, obj.pk)
            except NoReverseMatch:
                continue
            assert client.get(url).status_code == 404
            assert client.post(url, {}).status_code == 404
        assert api.patch(f"{self.api_url}{obj.pk}/", {}, format="json").status_code in {404, 405}
        assert api.delete(f"{self.api_url}{obj.pk}/").status_code in {404, 405}
        assert self.model._default_manager.filter(pk=obj.pk).exists()

    # --- business actions ---
    def _action_subject(self, people: Any, action: ContractAction) -> Any:
        obj = self.make(people)
        if action.prepare is not None:
            action.prepare(people, obj)
            obj.refresh_from_db()
        return obj

    def _state(self, obj: Any, action: ContractAction) -> Any:
        fresh = self.model._default_manager.get(pk=obj.pk)
        if callable(action.state):
            return action.state(fresh)
        return {name: getattr(fresh, name) for name in action.state}

    def test_declared_actions_do_the_same_through_the_ui_and_the_api(
        self, people: Any, client_as: Any, api_as: Any, contract_action: ContractAction | None
    ) -> None:
        action = contract_action
        if action is None:
            pytest.skip("no business actions declared")
        meta = self.model._meta
        user = getattr(people, action.allowed)
        outcomes = []
        for via in ("ui", "api"):
            obj = self._action_subject(people, action)
            before = list(AuditEvent.objects.values_list("pk", flat=True))
            if via == "ui":
                url = reverse(f"{meta.app_label}:{action.name}", args=[obj.pk])
                assert client_as(user).get(url).status_code == 200
                response = client_as(user).post(url, action.form_data(people, obj))
                assert response.status_code == 302, response.content.decode()[:3000]
            else:
                data = (action.api_data or action.form_data)(people, obj)
                response = api_as(user).post(
                    f"{self.api_url}{obj.pk}/{action.path}/", data, format="json"
                )
                assert response.status_code == action.api_status, response.content
                if action.api_status == 200:
                    assert response.json()["id"] == obj.pk
            new_events = list(
                AuditEvent.objects.exclude(pk__in=before).values_list("verb", flat=True)
            )
            assert len(new_events) == action.events, f"{via}: {new_events}"
            outcomes.append((self._state(obj, action), new_events))
        assert outcomes[0] == outcomes[1]

    def test_declared_actions_are_refused_without_permission_and_out_of_scope(
        self, people: Any, client_as: Any, api_as: Any, contract_action: ContractAction | None
    ) -> None:
        action = contract_action
        if action is None:
            pytest.skip("no business actions declared")
        meta = self.model._meta
        checks = [(action.forbidden, 403), (self.outsider, 404)]
        for who, status in checks:
            if who is None:
                continue
            user = getattr(people, who)
            obj = self._action_subject(people, action)
            state, events = self._state(obj, action), AuditEvent.objects.count()
            url = reverse(f"{meta.app_label}:{action.name}", args=[obj.pk])
            assert client_as(user).get(url).status_code == status, who
            response = client_as(user).post(url, action.form_data(people, obj))
            assert response.status_code == status, who
            data = (action.api_data or action.form_data)(people, obj)
            response = api_as(user).post(
                f"{self.api_url}{obj.pk}/{action.path}/", data, format="json"
            )
            assert response.status_code == status, (who, response.content)
            assert self._state(obj, action) == state
            assert AuditEvent.objects.count() == events

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
            pytest.skip("not added through the API")
        response = api_as(getattr(people, self.manager)).post(
            self.api_url, self.api_data(people), format="json"
        )
        assert response.status_code == 201, response.content
        created = self.model._default_manager.get(pk=response.json()["id"])
        assert self.history_count(created) == 1

    def test_api_bad_input_names_the_field(self, people: Any, api_as: Any) -> None:
        if self.bad_field is None or not self.add_api:
            pytest.skip("no bad input declared")
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
