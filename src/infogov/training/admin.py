from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.training import models

for model in (
    models.Module,
    models.Completion,
    models.Campaign,
    models.Survey,
    models.Question,
    models.SurveyResponse,
    models.Answer,
):
    admin.site.register(model, SimpleHistoryAdmin)
