from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.risks import models

for model in (models.Risk, models.Control, models.RiskReview, models.RiskBand, models.Escalation):
    admin.site.register(model, SimpleHistoryAdmin)
