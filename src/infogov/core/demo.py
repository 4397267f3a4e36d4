"""The demo loader framework: each app's `demo.load(ctx)` adds its part, once."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from infogov.core.models import DemoState
from infogov.core.services import acting_as, system_user

DEMO_PASSWORD = "demo-password"  # noqa: S105 - documented demo sign-in, refused unless INFOGOV_DEMO=1


@dataclass
class DemoContext:
    """What every app's demo loader shares: the anchor date, a seeded RNG, the actor."""

    anchor: date
    actor: Any
    rng: random.Random
    cache: dict[str, Any] = field(default_factory=dict)

    def days_ago(self, days: int) -> date:
        return date.fromordinal(self.anchor.toordinal() - days)


def load_demo() -> list[str]:
    """Load every app's demo data not loaded yet; returns the modules loaded now."""
    first = DemoState.objects.order_by("loaded_at").first()
    anchor = first.anchor_date if first else timezone.localdate()
    done = set(DemoState.objects.values_list("module", flat=True))
    loaded: list[str] = []
    actor = None
    for config in apps.get_app_configs():
        if not config.name.startswith("infogov.") or config.label in done | {"core"}:
            continue
        module_name = f"{config.name}.demo"
        if not find_spec(module_name):
            continue
        if actor is None:
            actor = system_user()
        module = import_module(module_name)
        ctx = DemoContext(anchor=anchor, actor=actor, rng=random.Random(f"{config.label}-demo"))
        with transaction.atomic(), acting_as(actor):
            module.load(ctx)
            DemoState.objects.create(
                module=config.label, loaded_at=timezone.now(), anchor_date=anchor
            )
        loaded.append(config.label)
    return loaded
