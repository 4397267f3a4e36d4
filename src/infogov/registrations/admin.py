from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.registrations import models

admin.site.register(models.Registration, SimpleHistoryAdmin)
admin.site.register(models.MemberExemption, SimpleHistoryAdmin)
