from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.incidents import models

for model in (
    models.Incident,
    models.Cause,
    models.IcoIncidentType,
    models.DataCategory,
    models.SubjectCategory,
    models.ReportabilityThresholds,
    models.Action,
    models.OtherNotification,
    models.Comment,
):
    admin.site.register(model, SimpleHistoryAdmin)
