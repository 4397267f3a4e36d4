from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.plans import models

for model in (
    models.ActionPlan,
    models.PlanAction,
    models.Milestone,
    models.ProgressUpdate,
    models.Kpi,
    models.KpiValue,
    models.Framework,
    models.FrameworkItem,
    models.Assessment,
    models.AssessmentItem,
    models.UpdateRequest,
):
    admin.site.register(model, SimpleHistoryAdmin)
