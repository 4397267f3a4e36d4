from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


class PlansConfig(AppConfig):
    name = "infogov.plans"
    label = "plans"
    verbose_name = "Plans and performance"
    nav = (("Plans and KPIs", "plans:actionplan_list", "plans.ActionPlan"),)
    sections = (
        ("Action plans", "plans:actionplan_list", "plans.ActionPlan"),
        ("Actions", "plans:planaction_list", "plans.PlanAction"),
        ("Overdue", "plans:planaction_overdue", "plans.PlanAction"),
        ("Off track", "plans:planaction_off_track", "plans.PlanAction"),
        ("Progress", "plans:progressupdate_list", "plans.ProgressUpdate"),
        ("Milestones", "plans:milestone_list", "plans.Milestone"),
        ("KPIs", "plans:kpi_list", "plans.Kpi"),
        ("KPI values", "plans:kpivalue_list", "plans.KpiValue"),
        ("Self-assessments", "plans:assessment_list", "plans.Assessment"),
        ("Assessment items", "plans:assessmentitem_list", "plans.AssessmentItem"),
        ("Records Management Plan", "plans:records_management_plan", "plans.Assessment"),
        ("Frameworks", "plans:framework_list", "plans.Framework"),
        ("Update requests", "plans:updaterequest_list", "plans.UpdateRequest"),
    )

    def dashboard_panels(self, request: HttpRequest) -> list[dict[str, Any]]:
        from infogov.plans.dashboard import panels

        return panels(request)
