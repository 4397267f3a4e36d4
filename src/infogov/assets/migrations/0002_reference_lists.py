"""Load the statutory reference lists: lawful bases and special-category conditions."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from infogov.assets.reference import ensure_reference_lists

    ensure_reference_lists(
        apps.get_model("assets", "LawfulBasis"), apps.get_model("assets", "ProcessingCondition")
    )


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
