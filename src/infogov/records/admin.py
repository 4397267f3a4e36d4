from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.records import models

for model in (
    models.RetentionRule,
    models.RecordHolding,
    models.LegalHold,
    models.DisposalBatch,
    models.DisposalDecision,
):
    admin.site.register(model, SimpleHistoryAdmin)
