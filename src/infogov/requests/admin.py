from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.requests import models

for model in (
    models.Case,
    models.CaseEvent,
    models.SearchTask,
    models.Document,
    models.AppliedExemption,
):
    admin.site.register(model, SimpleHistoryAdmin)


@admin.register(models.PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "case", "channel", "path")
    list_select_related = ("user", "case")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(models.LetterTemplate, SimpleHistoryAdmin)
