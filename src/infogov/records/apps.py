from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class RecordsConfig(AppConfig):
    name = "infogov.records"
    label = "records"
    verbose_name = "Records"
    nav = (("Records", "records:retentionrule_list", "records.RetentionRule"),)
    sections = (
        ("Retention schedule", "records:retentionrule_list", "records.RetentionRule"),
        ("Holdings", "records:recordholding_list", "records.RecordHolding"),
        ("Due for disposal", "records:disposal_due", "records.RecordHolding"),
        ("Legal holds", "records:legalhold_list", "records.LegalHold"),
        ("Disposal decisions", "records:disposalbatch_list", "records.DisposalBatch"),
        ("Disposal log", "records:disposaldecision_list", "records.DisposalDecision"),
        # The Keeper's Model Plan elements: one tracker, the plans self-assessments.
        ("Records Management Plan", "plans:records_management_plan", "plans.Assessment"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.records.dashboard import panels

        return panels(request)
