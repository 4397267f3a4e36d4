"""The History tab: field changes from django-simple-history and business events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

from infogov.core.tables import display

HIDDEN_FIELDS = {"updated_at", "created_at"}


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
    changes: list[Change] = field(default_factory=list)
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
    if isinstance(f, models.ForeignKey) and raw is not None:
        related = f.related_model._default_manager.filter(pk=raw).first()  # type: ignore[union-attr]
        return str(related) if related else f"#{raw} (deleted)"
    return display(raw)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_entries(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    from infogov.core.models import events_for

    model = type(obj)
    entries: list[HistoryEntry] = []
    manager = getattr(obj, "history", None)
    if manager is not None:
        records = list(
            manager.select_related("history_user").order_by("-history_date")[: limit + 1]
        )
        for index, record in enumerate(records[:limit]):
            user = record.history_user
            entry = HistoryEntry(
                at=record.history_date,
                actor=(user.get_full_name() or user.get_username()) if user else "System",
                action=ACTIONS.get(record.history_type, record.history_type),
                summary=record.history_change_reason or "",
            )
            previous = records[index + 1] if index + 1 < len(records) else None
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in HIDDEN_FIELDS:
                        continue
                    entry.changes.append(
                        Change(
                            field=_label(model, change.field),
                            before=_value(model, change.field, change.old),
                            after=_value(model, change.field, change.new),
                        )
                    )
            entries.append(entry)
    for event in events_for(obj)[:limit]:
        actor = event.actor
        entries.append(
            HistoryEntry(
                at=event.at,
                actor=(actor.get_full_name() or actor.get_username()) if actor else "System",
                action=event.verb.replace("_", " ").capitalize(),
                summary=event.summary,
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
