from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.organisation import models

for model in (
    models.Council,
    models.Division,
    models.Service,
    models.Person,
    models.RoleAssignment,
    models.Group,
    models.Membership,
    models.RoleDescription,
    models.RolesPageVersion,
    models.Acknowledgement,
):
    admin.site.register(model, SimpleHistoryAdmin)
