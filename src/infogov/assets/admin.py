from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infogov.assets import models

for model in (
    models.InformationAsset,
    models.LawfulBasis,
    models.ProcessingCondition,
    models.DataSubjectCategory,
    models.PersonalDataCategory,
    models.SharingAgreement,
    models.DPIA,
    models.DPIARisk,
    models.DataStandard,
    models.StandardField,
    models.QualityCheck,
):
    admin.site.register(model, SimpleHistoryAdmin)
