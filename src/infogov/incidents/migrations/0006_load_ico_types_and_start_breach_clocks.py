"""Load the ICO's incident types, map existing causes to them, and give every personal data
breach without one an ICO clock.

Awareness is at the latest the moment the IG team marked the incident a personal data
breach. For a breach without `aware_at`, that moment is taken from its history (the first
historical record with `personal_data_breach` true); failing that, the time it was assessed;
failing that, when it was last updated. The same moment is recorded as `breach_marked_at`,
and a history record says why the clock was set.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

from infogov.incidents.ico_types import load

REASON = "ICO clock started: awareness set to when it was marked a personal data breach"


def forwards(apps: Any, schema_editor: Any) -> None:
    load(apps.get_model("incidents", "IcoIncidentType"), apps.get_model("incidents", "Cause"))
    incident_model = apps.get_model("incidents", "Incident")
    history_model = apps.get_model("incidents", "HistoricalIncident")
    copied = [
        f.attname
        for f in history_model._meta.concrete_fields
        if not f.name.startswith("history_") and hasattr(incident_model, f.attname)
    ]
    for incident in incident_model.objects.filter(personal_data_breach=True, aware_at__isnull=True):
        first = (
            history_model.objects.filter(id=incident.pk, personal_data_breach=True)
            .order_by("history_date", "history_id")
            .first()
        )
        marked = first.history_date if first else (incident.assessed_at or incident.updated_at)
        incident.aware_at = marked
        incident.breach_marked_at = marked
        incident.save(update_fields=["aware_at", "breach_marked_at"])
        history_model.objects.create(
            **{name: getattr(incident, name) for name in copied},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=REASON,
        )
    for incident in incident_model.objects.filter(
        personal_data_breach=True, breach_marked_at__isnull=True
    ):
        first = (
            history_model.objects.filter(id=incident.pk, personal_data_breach=True)
            .order_by("history_date", "history_id")
            .first()
        )
        marked = first.history_date if first else (incident.assessed_at or incident.updated_at)
        # The marking is never before awareness (a breach recorded with an earlier aware_at).
        incident.breach_marked_at = max(marked, incident.aware_at)
        incident.save(update_fields=["breach_marked_at"])


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_ico_incident_types_and_breach_marking")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
