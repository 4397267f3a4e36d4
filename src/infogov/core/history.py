"""The History tab: field changes from django-simple-history and business events.

Each entry is shown as the viewer may see it: a change to a field the model's policy
hides from them (`FieldRule`) is left out, a masked one reads "•••", and a business
event that `reveals` such a field is left out.

Many-to-many fields are tracked by `GroupedHistoricalRecords(m2m_fields=…)` (every
governed many-to-many, e.g. an asset's lawful bases or an incident's data categories).
django-simple-history snapshots the links on every history record, and two additions
make that fit InfoGov:

- `grouped_history()`: a save and the `set()` calls that follow it (a form's `save_m2m()`,
  a serializer's update, a service's `.set()`) make ONE history record, not one per
  added or removed link. The generic edit view and API wrap every save in it.
- The diff of a many-to-many field reads as names ("Art. 6(1)(e) Public task, …"), not as
  rows of ids, so the History tab shows it like any other field.

Bulk writers (the demo, the spreadsheet import) insert history records without links;
`snapshot_m2m()` copies the current links onto each object's latest record in a few queries.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Max
from simple_history.models import HistoricalRecords, ModelDelta

from infogov.core.permissions import HIDDEN, MASK, SHOW, field_access
from infogov.core.tables import display

HIDDEN_FIELDS = {"updated_at", "created_at"}
# `record_event(..., reveals=["likelihood"])`: the event's summary shows those fields, so
# it is shown only to people who may read them all.
REVEALS = "reveals"


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    changes: list[Change] = dataclass_field(default_factory=list)
    summary: str = ""


def _label(model: type[models.Model], name: str) -> str:
    try:
        field_obj: Any = model._meta.get_field(name)
    except Exception:
        return name.replace("_", " ").capitalize()
    return str(getattr(field_obj, "verbose_name", name)).capitalize()


def _value(model: type[models.Model], name: str, raw: Any) -> str:
    try:
        f: Any = model._meta.get_field(name)
    except Exception:
        return display(raw)
    if f.choices and raw not in (None, ""):
        return str(dict(f.flatchoices).get(raw, raw))
    if f.many_to_many:
        return raw if isinstance(raw, str) else display(raw)  # names, from `diff_against`
    if isinstance(f, models.ForeignKey) and raw is not None:
        related = f.related_model._default_manager.filter(pk=raw).first()  # type: ignore[union-attr]
        return str(related) if related else f"#{raw} (deleted)"
    return display(raw)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _shown(access: str, text: str) -> str:
    return text if access == SHOW or not text else MASK


def event_visible(user: Any, obj: models.Model, data: Any) -> bool:
    """Whether a business event's summary may be shown: it reveals only readable fields."""
    revealed = data.get(REVEALS, ()) if isinstance(data, dict) else ()
    return all(field_access(user, obj, name) == SHOW for name in revealed)


def history_entries(obj: models.Model, limit: int = 200, *, user: Any = None) -> list[HistoryEntry]:
    """The record's history, newest first; with `user`, as that person may see it."""
    from infogov.core.models import events_for

    def access(name: str) -> str:
        return SHOW if user is None else field_access(user, obj, name)

    model = type(obj)
    entries: list[HistoryEntry] = []
    manager = getattr(obj, "history", None)
    if manager is not None:
        records = list(
            manager.select_related("history_user").order_by("-history_date")[: limit + 1]
        )
        for index, record in enumerate(records[:limit]):
            author = record.history_user
            entry = HistoryEntry(
                at=record.history_date,
                actor=str(author) if author else "System",
                action=ACTIONS.get(record.history_type, record.history_type),
                summary=record.history_change_reason or "",
            )
            previous = records[index + 1] if index + 1 < len(records) else None
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous)
                withheld = False
                for change in delta.changes:
                    if change.field in HIDDEN_FIELDS:
                        continue
                    shown = access(change.field)
                    if shown == HIDDEN:
                        withheld = True
                        continue
                    entry.changes.append(
                        Change(
                            field=_label(model, change.field),
                            before=_shown(shown, _value(model, change.field, change.old)),
                            after=_shown(shown, _value(model, change.field, change.new)),
                        )
                    )
                if withheld and not entry.changes and not entry.summary:
                    continue  # only fields this viewer may not see changed
            entries.append(entry)
    for event in events_for(obj)[:limit]:
        if user is not None and not event_visible(user, obj, event.data):
            continue
        actor = event.actor
        entries.append(
            HistoryEntry(
                at=event.at,
                actor=str(actor) if actor else "System",
                action=event.verb.replace("_", " ").capitalize(),
                summary=event.summary,
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


# Objects saved or re-linked inside `grouped_history()`: {(model, pk): (instance, created)}.
_pending: contextvars.ContextVar[dict[tuple[type[models.Model], Any], list[Any]] | None] = (
    contextvars.ContextVar("infogov_history_pending", default=None)
)


def _names(field: Any, rows: Any) -> str:
    """`[{"informationasset": 1, "lawfulbasis": 3}, …]` → `"Art. 6(1)(e) Public task, …"`."""
    if not isinstance(rows, list):
        return "" if rows is None else str(rows)
    target = field.m2m_reverse_field_name()
    ids = [row.get(target) for row in rows if isinstance(row, dict)]
    found = field.related_model._default_manager.in_bulk([i for i in ids if i is not None])
    names = sorted(str(found[i]) if i in found else f"#{i} (deleted)" for i in ids)
    return ", ".join(names)


ALL_M2M = "__all__"


class GroupedHistoricalRecords(HistoricalRecords):
    """`HistoricalRecords` that tracks every many-to-many field of its model (or those in
    `m2m_fields`), with grouped records and readable many-to-many diffs."""

    def __init__(self, *args: Any, m2m_fields: Any = ALL_M2M, **kwargs: Any) -> None:
        super().__init__(*args, m2m_fields=() if m2m_fields == ALL_M2M else m2m_fields, **kwargs)
        self.all_m2m = m2m_fields == ALL_M2M

    def get_m2m_fields_from_model(self, model: Any) -> list[Any]:
        if self.all_m2m:
            return list(model._meta.local_many_to_many)
        return super().get_m2m_fields_from_model(model)  # type: ignore[no-any-return]

    def create_history_model(self, model: Any, inherited: Any) -> Any:
        history_model = super().create_history_model(model, inherited)
        original = history_model.diff_against

        def diff_against(record: Any, old_history: Any, *args: Any, **kwargs: Any) -> Any:
            delta = original(record, old_history, *args, **kwargs)
            m2m = {f.name: f for f in record._history_m2m_fields}
            if not any(change.field in m2m for change in delta.changes):
                return delta
            changes = [
                replace(
                    change,
                    old=_names(m2m[change.field], change.old),
                    new=_names(m2m[change.field], change.new),
                )
                if change.field in m2m
                else change
                for change in delta.changes
            ]
            return ModelDelta(changes, delta.changed_fields, delta.old_record, delta.new_record)

        history_model.diff_against = diff_against
        return history_model

    def _defer(self, instance: Any, created: bool) -> bool:
        pending = _pending.get()
        if pending is None:
            return False
        key = (type(instance), instance.pk)
        entry = pending.setdefault(key, [instance, False, self])
        entry[0] = instance
        entry[1] = entry[1] or created
        return True

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        if kwargs.get("raw", False) or hasattr(instance, "skip_history_when_saving"):
            return super().post_save(instance, created, using=using, **kwargs)  # type: ignore[no-any-return]
        if created:
            # The creation record is written now (the pk exists); its links are copied
            # onto it when the group ends.
            super().post_save(instance, created, using=using, **kwargs)
            self._defer(instance, created=True)
            return None
        if self._defer(instance, created=False):
            return None
        return super().post_save(instance, created, using=using, **kwargs)  # type: ignore[no-any-return]

    def m2m_changed(
        self, instance: Any, action: str, attr: str, pk_set: Any, reverse: Any, **kw: Any
    ) -> None:
        if action in ("post_add", "post_remove", "post_clear") and self._defer(instance, False):
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kw)

    def finish(self, instance: Any, created: bool) -> None:
        if created:
            snapshot_m2m(type(instance), [instance])
        else:
            self.create_historical_record(instance, "~")


@contextmanager
def grouped_history() -> Iterator[None]:
    """One history record per object for the saves and link changes inside the block."""
    if _pending.get() is not None:  # nested: the outer block records
        yield
        return
    token = _pending.set({})
    try:
        yield
        pending = _pending.get() or {}
    finally:
        _pending.reset(token)
    for instance, created, records in pending.values():
        records.finish(instance, created)


def snapshot_m2m(model: type[models.Model], objs: Iterable[models.Model]) -> int:
    """Copy the current many-to-many links of `objs` onto each one's latest history record.

    For records written in bulk (`bulk_create_with_history`, `bulk_update_with_history`),
    which carry no links. Returns the number of link rows written.
    """
    history_model: Any = model.history.model  # type: ignore[attr-defined]
    fields = getattr(history_model, "_history_m2m_fields", [])
    ids = [obj.pk for obj in objs if obj.pk is not None]
    if not fields or not ids:
        return 0
    latest = dict(
        history_model.objects.filter(id__in=ids)
        .values("id")
        .annotate(last=Max("history_id"))
        .values_list("id", "last")
    )
    written = 0
    for field in fields:
        m2m_history_model = HistoricalRecords.m2m_models[field]
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        links = through.objects.filter(**{f"{source}_id__in": ids}).values_list(
            "id", f"{source}_id", f"{target}_id"
        )
        rows = [
            m2m_history_model(
                id=link_id,
                history_id=latest[obj_id],
                **{f"{source}_id": obj_id, f"{target}_id": target_id},
            )
            for link_id, obj_id, target_id in links
            if obj_id in latest
        ]
        m2m_history_model.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written
