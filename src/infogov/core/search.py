"""Global search: one query across every module, in each user's scope.

Core knows no domain app. Each app lists what it offers to the search in
`<app>/search.py` as `SOURCES = [SearchSource(...), ...]`; `discover_sources()` finds
them, in the order of `INSTALLED_APPS`, so a new app (documents) registers by adding the
file. Every result set starts from `Model.objects.restrict(user, VIEW)` and matches only
the fields the user may read (`core.filters.search_condition`, the rule the lists' `q`
uses), so a record the user cannot open never appears, not even in a count, and a masked
field (a requester's name for the auditor) finds nothing. Each module costs two queries
(its count and its first `RESULTS_PER_MODULE` results), whatever the number of matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.text import capfirst

from infogov.core.filters import search_condition
from infogov.core.permissions import HIDDEN, MASK, MASKED, VIEW, field_access, policy_for
from infogov.core.tables import display
from infogov.core.views import model_url

MAX_QUERY_LENGTH = 100
RESULTS_PER_MODULE = 10


class SearchQueryError(ValueError):
    """A query the search refuses (too long), with the message to show."""


@dataclass(frozen=True)
class SearchSource:
    """One kind of record the global search looks through.

    - `key`: a stable name for the group (`incidents`), used by the API.
    - `model`: a governed model; results start from its `restrict(user, VIEW)`.
    - `fields`: the fields matched (case-insensitive, anywhere in the text); keep the
      list's `search_fields` among them, so the list's `?q=` finds what the search counts.
    - `title`: the fields that make each result's heading ("INC-2026-0042: Lost laptop").
    - `separator`: what joins the title's parts.
    - `details`: fields shown under the heading (status, division, dates).
    - `label`: the group's heading; by default the model's plural name.
    - `select_related`: related records the details show (the policy's own paths are
      added automatically, so field rules are answered without a query per row).
    """

    key: str
    model: type[Model]
    fields: tuple[str, ...]
    title: tuple[str, ...]
    details: tuple[str, ...] = ()
    separator: str = ": "
    label: str = ""
    order_by: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return self.label or capfirst(str(self.model._meta.verbose_name_plural))


@dataclass
class SearchHit:
    title: str
    url: str
    details: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "details": [{"label": label, "value": value} for label, value in self.details],
        }


@dataclass
class SearchGroup:
    source: SearchSource
    count: int
    hits: list[SearchHit]
    list_url: str | None

    @property
    def more(self) -> bool:
        return self.count > len(self.hits)

    def as_dict(self) -> dict[str, Any]:
        return {
            "module": self.source.key,
            "label": self.source.heading,
            "count": self.count,
            "list_url": self.list_url,
            "results": [hit.as_dict() for hit in self.hits],
        }


@cache
def discover_sources() -> tuple[SearchSource, ...]:
    """Every installed InfoGov app's `search.SOURCES`, in the order of INSTALLED_APPS."""
    found: list[SearchSource] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("infogov."):
            continue
        module_name = f"{config.name}.search"
        if find_spec(module_name) is None:
            continue
        found.extend(getattr(import_module(module_name), "SOURCES", ()))
    keys = [source.key for source in found]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"Search sources share a key: {', '.join(duplicates)}")
    return tuple(found)


def clean_query(raw: str | None) -> str:
    """The query as searched: control characters (a NUL no database takes) read as
    spaces, trimmed, runs of spaces made one. Raises `SearchQueryError` when it is longer
    than `MAX_QUERY_LENGTH`; an empty query is returned empty."""
    text = "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in (raw or ""))
    query = " ".join(text.split())
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"Search for {MAX_QUERY_LENGTH} characters or fewer (you entered {len(query)})."
        )
    return query


def _policy_paths(model: type[Model]) -> set[str]:
    """Relations a policy follows to answer its field rules for one record."""
    policy = policy_for(model)
    paths = {policy.division_path, policy.own_path}
    paths.update(rule.own_path for rule in policy.field_rules)
    related: set[str] = set()
    for path in paths:
        if path and "__" in path:
            related.add(path.rsplit("__", 1)[0])
    return related


def _text(user: Any, obj: Model, name: str) -> str | None:
    """`obj.<name>` as `user` may see it: None when hidden, "•••" when masked."""
    access = field_access(user, obj, name)
    if access == HIDDEN:
        return None
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if callable(getter) else getattr(obj, name, None)
    if access == MASKED:
        return MASK if value not in (None, "") else ""
    return display(value)


def _label(model: type[Model], name: str) -> str:
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return capfirst(name.replace("_", " "))


def hit_for(source: SearchSource, user: Any, obj: Model) -> SearchHit:
    parts = [_text(user, obj, name) for name in source.title]
    title = source.separator.join(part for part in parts if part) or str(obj._meta.verbose_name)
    details = []
    for name in source.details:
        text = _text(user, obj, name)
        if text:
            details.append((_label(source.model, name), text))
    return SearchHit(title=title, url=obj.get_absolute_url(), details=details)  # type: ignore[attr-defined]


def search_source(source: SearchSource, user: Any, query: str, *, limit: int) -> SearchGroup | None:
    """One module's results for `query` (None when nothing the user may see matches)."""
    condition = search_condition(source.model, user, source.fields, query)
    if condition is None:
        return None
    queryset = source.model.objects.restrict(user, VIEW).filter(condition)  # type: ignore[attr-defined]
    count = queryset.count()
    if not count:
        return None
    related = sorted(set(source.select_related) | _policy_paths(source.model))
    if related:
        queryset = queryset.select_related(*related)
    if source.order_by:
        queryset = queryset.order_by(*source.order_by, "pk")
    hits = [hit_for(source, user, obj) for obj in queryset[:limit]]
    list_url = model_url(source.model, "list")
    return SearchGroup(
        source=source,
        count=count,
        hits=hits,
        list_url=f"{list_url}?{urlencode({'q': query})}" if list_url else None,
    )


def run_search(
    user: Any,
    query: str,
    *,
    sources: Sequence[SearchSource] | None = None,
    limit: int = RESULTS_PER_MODULE,
) -> list[SearchGroup]:
    """The groups of results `user` may see for a cleaned `query`, modules without a
    visible match left out."""
    if not query or not getattr(user, "is_authenticated", False):
        return []
    groups = []
    for source in discover_sources() if sources is None else sources:
        group = search_source(source, user, query, limit=limit)
        if group is not None:
            groups.append(group)
    return groups
