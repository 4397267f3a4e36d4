# The Keeper's Model Records Management Plan is tracked by the plans self-assessments
# (framework "keeper-model-rmp"): the records tracker's tables go.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalRMPElement"),
        migrations.DeleteModel(name="HistoricalRMPAssessment"),
        migrations.DeleteModel(name="RMPElement"),
        migrations.DeleteModel(name="RMPAssessment"),
    ]
