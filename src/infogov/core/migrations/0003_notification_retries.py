"""Failed e-mails are retried: attempts, the next attempt, and when the sender gave up."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0002_cache_table")]

    operations = [
        migrations.RenameField("notification", "error", "last_error"),
        migrations.AddField(
            model_name="notification",
            name="attempts",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="notification",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="failed_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
    ]
